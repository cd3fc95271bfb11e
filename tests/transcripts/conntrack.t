# The in-process engine from the shell: replay a capture, look at the table (text and JSON), let time
# pass, keep the table between invocations, refuse bad input without changing anything.
$ sample_capture sample.pcap

$ ctsh show conntrack table ipv4
  Entries not found

$ ctsh simulate pcap sample.pcap
  Packets:         19 (993 bytes)
  ct states:       new 7, established 12, related 0, invalid 0, untracked 0
  Simulated time:  0.180 s
  Wall time:       0.500 s (38 packets/s)
  New flows:       7
  Peak entries:    6 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          147456 bytes

$ ctsh show conntrack table ipv4
  Id          Original src    Original dst    Reply src      Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -------------  --------------  ----------  -----------  ---------  ------  ------
  2816725947  10.0.0.1        10.0.0.5        10.0.0.5       10.0.0.1        icmp                     29         0
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80    10.0.0.1:40000  tcp         ESTABLISHED  431999     0
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80    10.0.0.1:40001  tcp         TIME_WAIT    119        0
  1548080446  10.0.0.1:5000   10.0.0.4:9999   10.0.0.4:9999  10.0.0.1:5000   udp                      29         0
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53    10.0.0.1:5353   udp                      29         0

$ ctsh show conntrack table ipv6
  Id          Original src        Original dst       Reply src          Reply dst           Protocol    State     Timeout    Mark    Zone
  ----------  ------------------  -----------------  -----------------  ------------------  ----------  --------  ---------  ------  ------
  2492178918  [2001:db8::1]:1111  [2001:db8::2]:443  [2001:db8::2]:443  [2001:db8::1]:1111  tcp         SYN_SENT  120        0

$ ctsh 'show conntrack table ipv4 | json'
  {"entries":[{"id":2816725947,"family":"ipv4","protocol":"icmp","state":null,"timeout":29,"original":{"src":"10.0.0.1","dst":"10.0.0.5","type":8,"code":0,"id":4660},"reply":{"src":"10.0.0.5","dst":"10.0.0.1","type":0,"code":0,"id":4660},"status":["SEEN_REPLY","CONFIRMED"],"mark":0,"zone":0,"helper":null},{"id":1753845952,"family":"ipv4","protocol":"tcp","state":"ESTABLISHED","timeout":431999,"original":{"src":"10.0.0.1","dst":"10.0.0.2","sport":40000,"dport":80},"reply":{"src":"10.0.0.2","dst":"10.0.0.1","sport":80,"dport":40000},"status":["SEEN_REPLY","ASSURED","CONFIRMED"],"mark":0,"zone":0,"helper":null},{"id":3507691905,"family":"ipv4","protocol":"tcp","state":"TIME_WAIT","timeout":119,"original":{"src":"10.0.0.1","dst":"10.0.0.2","sport":40001,"dport":80},"reply":{"src":"10.0.0.2","dst":"10.0.0.1","sport":80,"dport":40001},"status":["SEEN_REPLY","ASSURED","CONFIRMED"],"mark":0,"zone":0,"helper":null},{"id":1548080446,"family":"ipv4","protocol":"udp","state":null,"timeout":29,"original":{"src":"10.0.0.1","dst":"10.0.0.4","sport":5000,"dport":9999},"reply":{"src":"10.0.0.4","dst":"10.0.0.1","sport":9999,"dport":5000},"status":["CONFIRMED"],"mark":0,"zone":0,"helper":null},{"id":3648937681,"family":"ipv4","protocol":"udp","state":null,"timeout":29,"original":{"src":"10.0.0.1","dst":"10.0.0.3","sport":5353,"dport":53},"reply":{"src":"10.0.0.3","dst":"10.0.0.1","sport":53,"dport":5353},"status":["SEEN_REPLY","CONFIRMED"],"mark":0,"zone":0,"helper":null}]}

$ ctsh 'show conntrack table ipv4 | match ESTABLISHED'
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80    10.0.0.1:40000  tcp         ESTABLISHED  431999     0

$ ctsh simulate idle 30.5
  Simulated time:  30.500 s
  Expired:         3 entries
  Entries:         3 of 262144 (0.0 %)

$ ctsh show conntrack table ipv4
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431969     0
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT    89         0

$ ctsh show conntrack table statistics
  Entries:        3 of 262144 (0.0 %), peak 6
  Hash buckets:   32768, 6 used; chains of 1.00 links on average in a used bucket, 1 at most (each entry is linked once per direction)
  Expectations:   0 of 2048
  Memory in use:  147456 bytes; the kernel would need 262912 bytes for the same entries (256 B per entry, 8 B per bucket)

  Protocol    Entries
  ----------  ---------
  tcp         3

  TCP state    Entries
  -----------  ---------
  SYN_SENT     1
  ESTABLISHED  1
  TIME_WAIT    1

  Top source    Entries
  ------------  ---------
  10.0.0.1      2
  2001:db8::1   1

$ ctsh 'show conntrack table statistics | json'
  {"entries":3,"limit":262144,"usage_percent":0.0011444091796875,"peak_entries":6,"buckets":32768,"buckets_used":6,"average_chain":1.0,"longest_chain":1,"expectations":0,"expectation_limit":2048,"memory_bytes":147456,"kernel_memory_bytes":262912,"by_protocol":{"tcp":3},"by_tcp_state":{"SYN_SENT":1,"SYN_RECV":0,"ESTABLISHED":1,"FIN_WAIT":0,"CLOSE_WAIT":0,"LAST_ACK":0,"TIME_WAIT":1,"CLOSE":0,"SYN_SENT2":0},"top_sources":[{"source":"10.0.0.1","entries":2},{"source":"2001:db8::1","entries":1}],"counters":{"found":0,"invalid":0,"insert":0,"insert_failed":0,"drop":0,"early_drop":0,"error":0,"search_restart":0,"clash_resolve":0,"chaintoolong":0,"expect_new":0,"expect_create":0,"expect_delete":0,"new":7,"destroyed":4,"expired":3,"raw_dropped":0,"raw_rejected":0,"packets":19,"not_ip":0,"packets_invalid":0,"packets_new":7,"packets_established":12,"packets_related":0,"packets_untracked":0}}

# A second replay continues from the engine clock: the same flows are seen again, nothing new is created.
$ ctsh simulate pcap sample.pcap
  Packets:         19 (993 bytes)
  ct states:       new 6, established 13, related 0, invalid 0, untracked 0
  Simulated time:  0.180 s
  Wall time:       0.500 s (38 packets/s)
  New flows:       5
  Peak entries:    6 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          147456 bytes

$ ctsh 'show conntrack table ipv4 | count'
  7

# Bad input: a message naming what is wrong, exit status 1, the table unchanged.
$ ctsh simulate idle -1

    Invalid idle time "-1": give seconds from 0 to 315360000, fractions allowed (e.g. 30 or 0.5)
  [1]

$ ctsh simulate idle 1.2.3

    Invalid idle time "1.2.3": give seconds from 0 to 315360000, fractions allowed (e.g. 30 or 0.5)
  [1]

$ ctsh simulate idle 0.0000000001

    Invalid idle time "0.0000000001": give seconds from 0 to 315360000, fractions allowed (e.g. 30 or 0.5)
  [1]

$ ctsh simulate idle 99999999999

    Invalid idle time "99999999999": give seconds from 0 to 315360000, fractions allowed (e.g. 30 or 0.5)
  [1]

$ ctsh simulate pcap missing.pcap

    missing.pcap: cannot open it: No such file or directory
  [1]

$ echo 'not a capture' > foreign.pcap; ctsh simulate pcap foreign.pcap

    foreign.pcap: not a pcap or pcapng file (magic number 0x6e6f7420)
  [1]

$ head -c 200 sample.pcap > damaged.pcap; ctsh simulate pcap damaged.pcap
  Packets:         2 (108 bytes)
  ct states:       new 0, established 2, related 0, invalid 0, untracked 0
  Simulated time:  0.010 s
  Wall time:       0.500 s (4 packets/s)
  New flows:       0
  Peak entries:    6 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          147456 bytes

    damaged.pcap is damaged at byte 164: truncated dump file; tried to read 54 captured bytes, only got 20; the 2 packets before it were replayed
  [1]

$ ctsh 'show conntrack table ipv4 | count'
  7

$ ctsh show conntrack table bogus

    Invalid command: show conntrack table [bogus]
  [1]

# Helper modules the engine does not model commit with one warning naming them.
$ ctsh -c 'configure; set system conntrack modules sip; set system conntrack modules h323; set system conntrack modules ftp; commit'
  WARNING: the engine does not model the h323, sip helpers yet: committed, but no expectations are created (the kernel dataplane loads them)

# The same commands from configuration mode, through run.
$ ctsh -c 'configure; run show conntrack table ipv6; run simulate idle 1'
  Id          Original src        Original dst       Reply src          Reply dst           Protocol    State     Timeout    Mark    Zone
  ----------  ------------------  -----------------  -----------------  ------------------  ----------  --------  ---------  ------  ------
  2492178918  [2001:db8::1]:1111  [2001:db8::2]:443  [2001:db8::2]:443  [2001:db8::1]:1111  tcp         SYN_SENT  89         0
  Simulated time:  1.000 s
  Expired:         0 entries
  Entries:         6 of 262144 (0.0 %)

# A damaged snapshot is refused with a message naming the file; nothing runs.
$ cp config/engine/snapshot good.snapshot; echo garbage > config/engine/snapshot; ctsh show conntrack table ipv4

    $TESTDIR/config/engine/snapshot: damaged snapshot: file too short; move the file away to start with an empty table
  [1]

$ cp good.snapshot config/engine/snapshot; ctsh 'show conntrack table ipv4 | count'
  7

# `interface NAME` gives every packet that interface, for raw rules that match on it; a bad name or a
# repeated option is refused.
$ ctsh -c 'configure; set firewall ipv4 prerouting raw rule 5 action notrack; set firewall ipv4 prerouting raw rule 5 inbound-interface eth7; commit'
  WARNING: the engine does not model the h323, sip helpers yet: committed, but no expectations are created (the kernel dataplane loads them)

$ ctsh simulate pcap sample.pcap interface eth7
  Packets:         19 (993 bytes)
  ct states:       new 1, established 0, related 0, invalid 0, untracked 18
  Simulated time:  0.180 s
  Wall time:       0.500 s (38 packets/s)
  New flows:       0
  Peak entries:    6 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          147456 bytes

$ ctsh simulate pcap sample.pcap interface a/b

    Error: a/b is not a valid interface name: it may not contain '/', ':', spaces or control characters
    Invalid value
  [1]

$ ctsh simulate pcap sample.pcap interface eth7 interface eth8

    Invalid command: simulate pcap sample.pcap interface eth7 [interface]
  [1]

$ ctsh simulate pcap sample.pcap interface

    Incomplete command: simulate pcap sample.pcap interface
  [1]

