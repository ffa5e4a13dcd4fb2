# /etc/profile.d/lang.sh - exports environment variables, and provides fallback
#                          for CJK languages that can't be displayed in console.
# Resets the locale if unavailable.

unset LANGSH_SOURCED
