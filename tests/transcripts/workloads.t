# simulate workload gateway|syn-flood|udp-dns: synthetic traffic, the same for the same seed, with the
# summary of every simulate run (wall time is CTSH_TEST_WALL_TIME's 0.5 s here).
$ ctsh simulate workload gateway users 20 connections-per-user 5 duration 10
  Packets:         3573 (2699135 bytes)
  ct states:       new 193, established 3380, related 0, invalid 0, untracked 0
  Simulated time:  10.000 s
  Wall time:       0.500 s (7146 packets/s)
  New flows:       176
  Peak entries:    170 of 262144 (0.1 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          155648 bytes

$ ctsh show conntrack table statistics | head -1
  Entries:        170 of 262144 (0.1 %), peak 170

$ ctsh 'show conntrack table ipv4 | match TIME_WAIT | count'
  15

# The same numbers and seed in a fresh configuration directory give the same table, byte for byte;
# another seed another one.
$ ctsh 'show conntrack table ipv4 | json' > first.json; CTSH_CONFIG_DIR=other ctsh simulate workload gateway users 20 connections-per-user 5 duration 10 seed 1 > /dev/null; CTSH_CONFIG_DIR=other ctsh 'show conntrack table ipv4 | json' | cmp - first.json && echo same
  same

$ CTSH_CONFIG_DIR=third ctsh simulate workload gateway users 20 connections-per-user 5 duration 10 seed 2 > /dev/null; CTSH_CONFIG_DIR=third ctsh 'show conntrack table ipv4 | json' | cmp -s - first.json || echo different
  different

# The default duration is 60 s; the run continues from the engine clock.
$ ctsh simulate workload gateway users 2 connections-per-user 2 | grep Simulated
  Simulated time:  60.000 s

$ ctsh simulate workload syn-flood rate 2000 duration 5
  Packets:         10000 (540000 bytes)
  ct states:       new 10000, established 0, related 0, invalid 0, untracked 0
  Simulated time:  5.000 s
  Wall time:       0.500 s (20000 packets/s)
  New flows:       10000
  Peak entries:    10127 of 262144 (3.9 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          1273856 bytes

$ ctsh simulate workload udp-dns clients 100 rate 500 duration 4 seed 9
  Packets:         3950 (346788 bytes)
  ct states:       new 2000, established 1950, related 0, invalid 0, untracked 0
  Simulated time:  4.000 s
  Wall time:       0.500 s (7900 packets/s)
  New flows:       2000
  Peak entries:    12127 of 262144 (4.6 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          1495040 bytes

$ ctsh 'simulate workload syn-flood rate 100 duration 1 seed 5 | json'
  {"packets":100,"bytes":5400,"simulated_seconds":1.0,"wall_seconds":0.5,"packets_per_second":200,"new_flows":100,"peak_entries":12227,"table_size":262144,"peak_usage_percent":4.6642303466796875,"drops":0,"early_drops":0,"invalid":0,"memory_bytes":1507328,"packets_by_state":{"invalid":0,"new":100,"established":0,"related":0,"untracked":0}}

# A table too small for the flood: early drops, then drops.
$ ctsh -c 'configure; set system conntrack table-size 1000; commit'; ctsh reset conntrack force; ctsh simulate workload syn-flood rate 1000 duration 3
  Connection tracking table has been emptied: 12227 entries and 0 expectations removed
  Packets:         3000 (162000 bytes)
  ct states:       new 1752, established 0, related 0, invalid 0, untracked 0
  Simulated time:  3.000 s
  Wall time:       0.500 s (6000 packets/s)
  New flows:       1752
  Peak entries:    1000 of 1000 (100.0 %)
  Drops:           1248
  Early drops:     752
  Invalid:         0
  Memory:          245760 bytes

# Every value is checked: a message naming it and its bounds, status 1, nothing run.
$ ctsh simulate workload gateway users 0 connections-per-user 5

    users 0 is out of range: give 1 to 1000000
  [1]

$ ctsh simulate workload gateway users 1000001 connections-per-user 1

    users 1000001 is out of range: give 1 to 1000000
  [1]

$ ctsh simulate workload gateway users many connections-per-user 1

    users "many" is not a whole number (0 to 18446744073709551615)
  [1]

$ ctsh simulate workload gateway users 10 connections-per-user 0

    connections-per-user 0 is out of range: give 1 to 10000
  [1]

$ ctsh simulate workload gateway users 10 connections-per-user 10001

    connections-per-user 10001 is out of range: give 1 to 10000
  [1]

$ ctsh simulate workload gateway users 1000 connections-per-user 5000

    users 1000 with connections-per-user 5000 is 5000000 concurrent connections: one run models at most 4000000
  [1]

$ ctsh simulate workload gateway users 10

    connections-per-user is missing: simulate workload gateway users N connections-per-user M [duration SECONDS] [seed S]
  [1]

$ ctsh simulate workload gateway users 10 connections-per-user 2 duration 0

    duration 0 is out of range: give 0.001 to 86400 seconds
  [1]

$ ctsh simulate workload gateway users 10 connections-per-user 2 duration 86401

    duration 86401 is out of range: give 0.001 to 86400 seconds
  [1]

$ ctsh simulate workload gateway users 10 connections-per-user 2 duration 1m

    duration "1m" is not a number of seconds (e.g. 60 or 0.5)
  [1]

$ ctsh simulate workload gateway users 10 connections-per-user 2 seed -5

    seed "-5" is not a whole number (0 to 18446744073709551615)
  [1]

$ ctsh simulate workload gateway users 10 connections-per-user 2 bogus 1

    Invalid command: simulate workload gateway users 10 connections-per-user 2 [bogus]
  [1]

$ ctsh simulate workload gateway 10

    Invalid command: simulate workload gateway [10]
  [1]

$ ctsh simulate workload syn-flood rate 1000

    duration is missing: simulate workload syn-flood rate PPS duration SECONDS [seed S]
  [1]

$ ctsh simulate workload syn-flood rate 0 duration 1

    rate 0 is out of range: give 1 to 10000000 SYNs per second
  [1]

$ ctsh simulate workload syn-flood rate 10000001 duration 1

    rate 10000001 is out of range: give 1 to 10000000 SYNs per second
  [1]

$ ctsh simulate workload syn-flood rate 10000000 duration 200

    rate 10000000 for 200 seconds is 2000000000 SYNs: one run sends at most 1000000000
  [1]

$ ctsh simulate workload udp-dns clients 10 duration 1

    rate is missing: simulate workload udp-dns clients N rate QPS duration SECONDS [seed S]
  [1]

$ ctsh simulate workload udp-dns clients 0 rate 10 duration 1

    clients 0 is out of range: give 1 to 1000000
  [1]

$ ctsh simulate workload udp-dns clients 10 rate 10

    duration is missing: simulate workload udp-dns clients N rate QPS duration SECONDS [seed S]
  [1]

$ ctsh simulate workload udp-dns clients 10 rate 10 duration 0.0001

    duration 0.0001 is out of range: give 0.001 to 86400 seconds
  [1]

$ ctsh simulate workload tcp-storm

    Invalid command: simulate workload [tcp-storm]
  [1]

$ ctsh 'show conntrack table statistics | match "^Entries"'
  Entries:        1000 of 1000 (100.0 %), peak 12227

