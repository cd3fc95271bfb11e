# What-if: the same traffic through throwaway copies of the engine, one with the running configuration,
# the other with the candidate (configuration mode: run simulate ... compare) or an archived revision
# (simulate ... compare revision N); both summaries side by side. The live engine is not touched.
$ sample_capture sample.pcap; ctsh -c 'configure; set system conntrack table-size 4096; commit comment big'; ctsh -c 'configure; set system conntrack table-size 300; commit comment small'; ctsh simulate pcap sample.pcap > /dev/null

$ md5sum < config/engine/snapshot > before.md5; ctsh -c 'configure; set system conntrack table-size 200; set system conntrack hash-size 64; run simulate workload gateway users 20 connections-per-user 10 duration 20 compare'
                  running               candidate
  --------------  --------------------  --------------------
  Packets         11933                 11933
  Simulated time  20.000 s              20.000 s
  Wall time       0.500 s               0.500 s
  Packets/s       23866                 23866
  New flows       306                   3928
  Peak entries    300 of 300 (100.0 %)  200 of 200 (100.0 %)
  Drops           2475                  2312
  Early drops     5                     3727
  Invalid         3                     60
  Memory          184320 bytes          37120 bytes
  Warning: configuration changes have not been committed and were discarded.

$ md5sum < config/engine/snapshot | cmp - before.md5 && ls config/engine
  lock
  snapshot

$ ctsh simulate workload gateway users 20 connections-per-user 10 duration 20 compare revision 1
                  running               revision 1
  --------------  --------------------  --------------------
  Packets         11933                 11933
  Simulated time  20.000 s              20.000 s
  Wall time       0.500 s               0.500 s
  Packets/s       23866                 23866
  New flows       306                   433
  Peak entries    300 of 300 (100.0 %)  427 of 4096 (10.4 %)
  Drops           2475                  0
  Early drops     5                     0
  Invalid         3                     0
  Memory          184320 bytes          200704 bytes

$ ctsh 'simulate workload syn-flood rate 100 duration 2 compare revision 1 | json'
  {"configurations":[{"configuration":"running","packets":200,"bytes":10800,"simulated_seconds":2.0,"wall_seconds":0.5,"packets_per_second":400,"new_flows":200,"peak_entries":206,"table_size":300,"peak_usage_percent":68.66666666666667,"drops":0,"early_drops":0,"invalid":0,"memory_bytes":167936,"packets_by_state":{"invalid":0,"new":200,"established":0,"related":0,"untracked":0}},{"configuration":"revision 1","packets":200,"bytes":10800,"simulated_seconds":2.0,"wall_seconds":0.5,"packets_per_second":400,"new_flows":200,"peak_entries":206,"table_size":4096,"peak_usage_percent":5.029296875,"drops":0,"early_drops":0,"invalid":0,"memory_bytes":167936,"packets_by_state":{"invalid":0,"new":200,"established":0,"related":0,"untracked":0}}]}

$ ctsh simulate pcap sample.pcap compare revision 0
                  running           revision 0
  --------------  ----------------  ----------------
  Packets         19                19
  Simulated time  0.180 s           0.180 s
  Wall time       0.500 s           0.500 s
  Packets/s       38                38
  New flows       2                 2
  Peak entries    7 of 300 (2.3 %)  7 of 300 (2.3 %)
  Drops           0                 0
  Early drops     0                 0
  Invalid         0                 0
  Memory          147456 bytes      147456 bytes

# The copies start from the live table (here the sample capture's entries), as a commit would keep them.
$ ctsh simulate workload udp-dns clients 10 rate 100 duration 1 compare revision 1 | grep Peak
  Peak entries    106 of 300 (35.3 %)  106 of 4096 (2.6 %)

# A damaged capture: both copies replay what came before the damage; the comparison, then the damage.
$ head -c 400 sample.pcap > truncated.pcap; ctsh simulate pcap truncated.pcap compare revision 1
                  running           revision 1
  --------------  ----------------  -----------------
  Packets         5                 5
  Simulated time  0.040 s           0.040 s
  Wall time       0.500 s           0.500 s
  Packets/s       10                10
  New flows       0                 0
  Peak entries    6 of 300 (2.0 %)  6 of 4096 (0.1 %)
  Drops           0                 0
  Early drops     0                 0
  Invalid         0                 0
  Memory          147456 bytes      147456 bytes

    truncated.pcap is damaged at byte 381: truncated dump file; tried to read 54 captured bytes, only got 3; the 5 packets before it were replayed
  [1]

# Refused: compare in op mode needs a revision; revision goes with compare; a revision that does not
# exist; a candidate that would not commit. Nothing runs.
$ ctsh simulate pcap sample.pcap compare

    In operational mode, compare needs the revision to compare the running configuration with: compare revision N (in configuration mode, 'run simulate ... compare' compares the candidate)
  [1]

$ ctsh simulate pcap sample.pcap revision 1

    'revision 1' goes with compare: ... compare revision 1
  [1]

$ ctsh simulate workload syn-flood rate 10 duration 1 compare revision 9

    Invalid revision number 9: must be 0 <= rev < 2
  [1]

$ ctsh simulate workload syn-flood rate 10 duration 1 compare revision x

    Invalid revision number x: must be 0 <= rev < 2
  [1]

$ ctsh -c 'configure; set system conntrack ignore ipv4 rule 10 destination port 53; run simulate pcap sample.pcap compare'

    The candidate configuration would not commit: [ system conntrack ] Port requires tcp or udp as protocol in rule 10

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ md5sum < config/engine/snapshot | cmp - before.md5 && echo untouched
  untouched

