#!/bin/sh
# dengbao test fixture: placeholder for /usr/local/bin/rman-backup.sh (rman target / cmdfile=/home/oracle/scripts/full.rman: incremental level 0 weekly, level 1 daily, archivelog every 2 h, to /srv/backup)
exit 0
