# The archive keeps every commit; rollback commits an old revision now, rollback-soft loads it.
$ ctsh -c 'configure; set system conntrack table-size 1000; commit comment one'

$ ctsh -c 'configure; set system conntrack table-size 2000; commit comment two'

$ ctsh -c 'configure; set system conntrack table-size 3000; commit comment three'

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via script
      three
  1   2025-11-22 08:26:40 by tester via script
      two
  2   2025-11-22 08:26:40 by tester via script
      one

$ ctsh -c 'configure; rollback 2'

$ ctsh show configuration commands
  set system conntrack table-size '1000'

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via rollback
      rollback to revision 2
  1   2025-11-22 08:26:40 by tester via script
      three
  2   2025-11-22 08:26:40 by tester via script
      two
  3   2025-11-22 08:26:40 by tester via script
      one

$ ctsh -c 'configure; rollback'

    Error: must include a revision # to rollback to
  [1]

$ ctsh -c 'configure; rollback 0'

    Invalid revision number 0: must be 0 < rev < 4
  [1]

$ ctsh -c 'configure; rollback 4'

    Invalid revision number 4: must be 0 < rev < 4
  [1]

$ ctsh -c 'configure; rollback 99'

    Invalid revision number 99: must be 0 < rev < 4
  [1]

$ ctsh -c 'configure; rollback two'

    Invalid revision number two: must be 0 < rev < 4
  [1]

$ ctsh -c 'configure; set system conntrack table-size 5; rollback 1'
  Cannot rollback: configuration modified.
  Commit or discard the changes before rolling back.
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; rollback-soft 1; compare; commit'
  Rollback diff has been applied.
  Use "compare" to review the changes or "commit" to apply them.
  [system conntrack]
  - table-size "1000"
  + table-size "3000"

$ ctsh show configuration commands
  set system conntrack table-size '3000'

$ ctsh -c 'configure; rollback-soft 77'

    Invalid revision number 77: must be 0 <= rev < 5
  [1]

$ ctsh -c 'configure; compare 1 2'
  [system conntrack]
  - table-size "3000"
  + table-size "1000"

$ ctsh -c 'configure; compare 1 1'
  No changes between revisions 1 and 1 configurations.

$ ctsh show system commit diff 4
  + system {
  +     conntrack {
  +         table-size "1000"
  +     }
  + }

