# conntrack-tools' own formats on the engine's views: `| conntrack` prints `conntrack -L` lines in the
# table's order, `show conntrack expect` prints `conntrack -L expect` lines (or `| json`), and a table
# printed with `| conntrack` loads back with `simulate table` into the same table.
$ sample_capture sample.pcap

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

$ ctsh 'show conntrack table ipv4 | conntrack'
  icmp     1 29 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660 mark=0 use=1
  tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED] mark=0 use=1
  tcp      6 119 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED] mark=0 use=1
  udp      17 29 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000 mark=0 use=1
  udp      17 29 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353 mark=0 use=1

$ ctsh 'show conntrack table ipv6 | conntrack'
  tcp      6 120 SYN_SENT src=2001:db8::1 dst=2001:db8::2 sport=1111 dport=443 [UNREPLIED] src=2001:db8::2 dst=2001:db8::1 sport=443 dport=1111 mark=0 use=1

$ ctsh 'show conntrack table ipv4 | conntrack | match UNREPLIED'
  udp      17 29 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000 mark=0 use=1

$ ctsh 'show conntrack table ipv4 | conntrack | count'
  5

$ ctsh show conntrack table ipv4 '|' conntrack '|' no-match tcp
  icmp     1 29 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660 mark=0 use=1
  udp      17 29 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000 mark=0 use=1
  udp      17 29 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353 mark=0 use=1

# Flow accounting adds the counters after each tuple, as conntrack does with nf_conntrack_acct=1.
$ ctsh -c 'configure; set system conntrack flow-accounting; commit'

$ ctsh simulate pcap sample.pcap
  Packets:         19 (993 bytes)
  ct states:       new 4, established 15, related 0, invalid 0, untracked 0
  Simulated time:  0.180 s
  Wall time:       0.500 s (38 packets/s)
  New flows:       2
  Peak entries:    7 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          151552 bytes

$ ctsh 'show conntrack table ipv4 | conntrack'
  icmp     1 29 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 packets=1 bytes=28 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660 packets=1 bytes=28 mark=0 use=1
  tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 packets=3 bytes=127 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 packets=2 bytes=80 [ASSURED] mark=0 use=1
  tcp      6 119 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 packets=4 bytes=160 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 packets=2 bytes=80 [ASSURED] mark=0 use=1
  udp      17 29 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 packets=1 bytes=28 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000 packets=0 bytes=0 mark=0 use=1
  udp      17 29 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 packets=1 bytes=28 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353 packets=1 bytes=28 mark=0 use=1

# Round trip: the table printed as conntrack -L lines loads into a fresh engine as the same table.
$ (ctsh 'show conntrack table ipv4 | conntrack'; ctsh 'show conntrack table ipv6 | conntrack') > saved.txt

$ CTSH_CONFIG_DIR=$PWD/copy ctsh -c 'configure; set system conntrack flow-accounting; commit; run simulate table saved.txt'
  Loaded 6 of 6 entries from saved.txt (conntrack -L format): icmp 1, tcp 3, udp 2

$ (CTSH_CONFIG_DIR=$PWD/copy ctsh 'show conntrack table ipv4 | conntrack'; CTSH_CONFIG_DIR=$PWD/copy ctsh 'show conntrack table ipv6 | conntrack') | diff saved.txt - && echo same table
  same table

$ CTSH_CONFIG_DIR=$PWD/copy ctsh 'show conntrack statistics | json' | jq -c '.cpus[0] | {insert, insert_failed}'
  {"insert":6,"insert_failed":0}

# Expectations, as conntrack -L expect prints them.
$ ctsh show conntrack expect
  Expectations not found

$ helper_capture helpers.pcap

$ ctsh -c 'configure; set system conntrack modules ftp; set system conntrack modules tftp; commit'

$ ctsh simulate pcap helpers.pcap
  Packets:         10 (646 bytes)
  ct states:       new 2, established 8, related 0, invalid 0, untracked 0
  Simulated time:  0.090 s
  Wall time:       0.500 s (20 packets/s)
  New flows:       2
  Peak entries:    8 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          151672 bytes

$ ctsh show conntrack expect
  299 proto=6 src=10.0.0.1 dst=10.0.0.2 sport=0 dport=50000 mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.0.0.1 master-dst=10.0.0.2 sport=40010 dport=21 class=0 helper=ftp
  300 proto=17 src=10.0.0.3 dst=10.0.0.1 sport=0 dport=3000 mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.0.0.1 master-dst=10.0.0.3 sport=3000 dport=69 class=0 helper=tftp

$ ctsh 'show conntrack expect | json'
  {"expectations":[{"id":1,"family":"ipv4","protocol":"tcp","timeout":299,"tuple":{"src":"10.0.0.1","dst":"10.0.0.2","sport":0,"dport":50000},"mask":{"src":"255.255.255.255","dst":"255.255.255.255","sport":0,"dport":65535},"master":{"src":"10.0.0.1","dst":"10.0.0.2","sport":40010,"dport":21},"class":0,"helper":"ftp"},{"id":2,"family":"ipv4","protocol":"udp","timeout":300,"tuple":{"src":"10.0.0.3","dst":"10.0.0.1","sport":0,"dport":3000},"mask":{"src":"255.255.255.255","dst":"255.255.255.255","sport":0,"dport":65535},"master":{"src":"10.0.0.1","dst":"10.0.0.3","sport":3000,"dport":69},"class":0,"helper":"tftp"}]}

$ ctsh 'show conntrack expect | match tftp'
  300 proto=17 src=10.0.0.3 dst=10.0.0.1 sport=0 dport=3000 mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.0.0.1 master-dst=10.0.0.3 sport=3000 dport=69 class=0 helper=tftp

$ ctsh simulate idle 300
  Simulated time:  300.000 s
  Expired:         6 entries
  Entries:         2 of 262144 (0.0 %)

$ ctsh show conntrack expect
  Expectations not found

# Format pipes a view does not honour are refused.
$ ctsh 'show conntrack expect | conntrack'

    '| conntrack' is not available for this command
  [1]

$ ctsh 'show conntrack table statistics | conntrack'

    '| conntrack' is not available for this command
  [1]

