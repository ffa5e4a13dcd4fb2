#!/bin/sh
# left behind by the removed account "legacy" (uid 4242)
/usr/bin/sqlplus -s @import.sql
