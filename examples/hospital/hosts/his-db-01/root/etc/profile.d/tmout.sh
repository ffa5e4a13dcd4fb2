# MLPS 2.0 level 3 - idle session timeout
declare -xr TMOUT=600
