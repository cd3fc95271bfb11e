# reset conntrack: empties the table and the expectations (counters stay). On a terminal it asks, as
# VyOS does, and fails when the answer is no; a script has no terminal to answer on and must say force.
$ sample_capture sample.pcap; ctsh simulate pcap sample.pcap > /dev/null

$ ctsh reset conntrack

    Not reset: 'reset conntrack' asks before it empties the table and there is no terminal to answer on (the answer would be no); use 'reset conntrack force' in scripts
  [1]

$ ctsh 'show conntrack table ipv4 | count'
  7

$ echo n | CTSH_TEST_TERMINAL=1 ctsh reset conntrack
  This will clear all currently tracked and expected connections. Continue? [y/N] n
  [1]

$ echo | CTSH_TEST_TERMINAL=1 ctsh reset conntrack
  This will clear all currently tracked and expected connections. Continue? [y/N] 
  [1]

$ ctsh 'show conntrack table ipv4 | count'
  7

$ echo yes | CTSH_TEST_TERMINAL=1 ctsh reset conntrack
  This will clear all currently tracked and expected connections. Continue? [y/N] yes
  Connection tracking table has been emptied: 6 entries and 0 expectations removed

$ ctsh show conntrack table ipv4
  Entries not found

$ ctsh 'show conntrack statistics | json' | jq -c '.cpus[0] | {new, packets}'
  {"new":7,"packets":19}

$ ctsh simulate pcap sample.pcap > /dev/null; ctsh reset conntrack force
  Connection tracking table has been emptied: 6 entries and 0 expectations removed

$ ctsh -c 'configure; run reset conntrack force; run reset conntrack'
  Connection tracking table has been emptied: 0 entries and 0 expectations removed

    Not reset: 'reset conntrack' asks before it empties the table and there is no terminal to answer on (the answer would be no); use 'reset conntrack force' in scripts
  [1]

$ printf 'reset conntrack\nn\nreset conntrack\ny\nexit\n' | CTSH_TEST_TERMINAL=1 ctsh
  tester@vyos:~$ reset conntrack
  This will clear all currently tracked and expected connections. Continue? [y/N] n
  tester@vyos:~$ reset conntrack
  This will clear all currently tracked and expected connections. Continue? [y/N] y
  Connection tracking table has been emptied: 0 entries and 0 expectations removed
  tester@vyos:~$ exit

$ ctsh reset conntrack forced

    Invalid command: reset conntrack [forced]
  [1]

