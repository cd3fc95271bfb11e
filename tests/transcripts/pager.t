# The pager (`less`; here a stand-in that marks the lines it is given): on a terminal, the interactive
# shell pages op-mode output by default and `| no-more` turns it off; a one-shot command pages only
# with `| more`; without a terminal nothing is paged.
$ printf '#!/bin/sh\nsed "s/^/[paged] /"\n' > less; chmod +x less

$ printf 'show system conntrack | match size\nshow system conntrack | match size | no-more\nexit\n' > session

$ PATH=$PWD:$PATH CTSH_TEST_TERMINAL=1 script -qec 'ctsh < session' /dev/null | tr -d '\r'
  tester@vyos:~$ show system conntrack | match size
  [paged] table-size                 262144    default
  [paged] hash-size                  32768     default
  [paged] expect-table-size          2048      default
  tester@vyos:~$ show system conntrack | match size | no-more
  table-size                 262144    default
  hash-size                  32768     default
  expect-table-size          2048      default
  tester@vyos:~$ exit

$ PATH=$PWD:$PATH script -qec "ctsh 'show system conntrack | match ^table-size | more'" /dev/null | tr -d '\r'
  [paged] table-size                 262144    default

$ PATH=$PWD:$PATH script -qec "ctsh 'show system conntrack | match ^table-size'" /dev/null | tr -d '\r'
  table-size                 262144    default

$ PATH=$PWD:$PATH ctsh 'show system conntrack | match ^table-size | more'
  table-size                 262144    default

