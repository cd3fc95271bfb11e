# On a terminal (CTSH_TEST_TERMINAL=1 simulates one and echoes the input): prompts, [edit] lines and questions.
$ printf 'configure\nset system conntrack table-size 1000\nedit system conntrack\nshow\nexit\nexit\nexit discard\nexit\n' | CTSH_TEST_TERMINAL=1 ctsh
  tester@vyos:~$ configure
  [edit]
  tester@vyos# set system conntrack table-size 1000
  [edit]
  tester@vyos# edit system conntrack
  [edit system conntrack]
  tester@vyos# show
  +table-size 1000
  [edit system conntrack]
  tester@vyos# exit
  [edit]
  tester@vyos# exit
  Cannot exit: configuration modified.
  Use 'exit discard' to discard the changes and exit.
  [edit]
  tester@vyos# exit discard
  tester@vyos:~$ exit

$ printf 'configure\nset system conntrack table-size 1000\ncommit\nset system conntrack table-size 2000\ncommit\nrollback 1\nn\nrollback 1\n\nshow\nexit\nexit\n' | CTSH_TEST_TERMINAL=1 ctsh
  tester@vyos:~$ configure
  [edit]
  tester@vyos# set system conntrack table-size 1000
  [edit]
  tester@vyos# commit
  [edit]
  tester@vyos# set system conntrack table-size 2000
  [edit]
  tester@vyos# commit
  [edit]
  tester@vyos# rollback 1
  Proceed with rollback to revision 1 ? [Y/n] n
  Rollback canceled
  [edit]
  tester@vyos# rollback 1
  Proceed with rollback to revision 1 ? [Y/n] 
  [edit]
  tester@vyos# show
   system {
       conntrack {
           table-size 1000
       }
   }
  [edit]
  tester@vyos# exit
  Warning: configuration changes have not been saved.
  tester@vyos:~$ exit

$ printf 'configure\nset system conntrack table-size 3000\ncommit-confirm 3\nno\nexit discard\nexit\n' | CTSH_TEST_TERMINAL=1 ctsh
  tester@vyos:~$ configure
  [edit]
  tester@vyos# set system conntrack table-size 3000
  [edit]
  tester@vyos# commit-confirm 3
  commit-confirm will automatically reload previous config in 3 minutes unless changes
  are confirmed.
  Proceed ? [Y/n] no
  commit-confirm canceled
  [edit]
  tester@vyos# exit discard
  tester@vyos:~$ exit

$ printf 'configure\nset system conntrack table-size 3000\n' | CTSH_TEST_TERMINAL=1 ctsh
  tester@vyos:~$ configure
  [edit]
  tester@vyos# set system conntrack table-size 3000
  [edit]
  tester@vyos# 
  Warning: configuration changes have not been committed and were discarded.

