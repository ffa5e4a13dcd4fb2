#include <iostream>

#include "cli/command.h"

int main(int argc, char** argv) { return dengbao::cli::Main(argc, argv, std::cout, std::cerr); }
