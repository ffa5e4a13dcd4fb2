# session idle timeout (seconds)
export TMOUT=300
readonly TMOUT
