# The captures in examples/ are the project's own: the tools make them again byte for byte, and the
# workload captures replay to what the workload itself puts through the engine.
$ sample_capture sample.pcap; cmp sample.pcap "$CTSH_SOURCE_DIR/examples/sample.pcap" && echo same
  same

$ workload_capture gateway.pcap gateway 5 2 5 1; cmp gateway.pcap "$CTSH_SOURCE_DIR/examples/gateway.pcap" && echo same
  same

$ workload_capture syn-flood.pcap syn-flood 200 2 1; cmp syn-flood.pcap "$CTSH_SOURCE_DIR/examples/syn-flood.pcap" && echo same
  same

$ workload_capture udp-dns.pcap udp-dns 20 50 4 1; cmp udp-dns.pcap "$CTSH_SOURCE_DIR/examples/udp-dns.pcap" && echo same
  same

$ ctsh simulate pcap "$CTSH_SOURCE_DIR/examples/gateway.pcap"
  Packets:         216 (153588 bytes)
  ct states:       new 24, established 192, related 0, invalid 0, untracked 0
  Simulated time:  4.937 s
  Wall time:       0.500 s (432 packets/s)
  New flows:       19
  Peak entries:    19 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          143360 bytes

$ CTSH_CONFIG_DIR=workload ctsh simulate workload gateway users 5 connections-per-user 2 duration 5 seed 1
  Packets:         216 (153588 bytes)
  ct states:       new 24, established 192, related 0, invalid 0, untracked 0
  Simulated time:  5.000 s
  Wall time:       0.500 s (432 packets/s)
  New flows:       19
  Peak entries:    19 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          143360 bytes

$ ctsh show conntrack table ipv4
  Id          Original src    Original dst       Reply src          Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  -----------------  -----------------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:44010  198.18.9.156:993   198.18.9.156:993   10.0.0.1:44010  tcp         ESTABLISHED  431995     0
  566053487   10.0.0.2:32893  198.18.11.102:443  198.18.11.102:443  10.0.0.2:32893  tcp         ESTABLISHED  431999     0
  162258264   10.0.0.2:32894  198.18.2.39:80     198.18.2.39:80     10.0.0.2:32894  tcp         TIME_WAIT    118        0
  2816725947  10.0.0.3:46353  198.18.15.1:443    198.18.15.1:443    10.0.0.3:46353  tcp         ESTABLISHED  431996     0
  1285909221  10.0.0.3:46355  198.18.0.41:443    198.18.0.41:443    10.0.0.3:46355  tcp         ESTABLISHED  431999     0
  1548080446  10.0.0.4:54490  198.18.0.50:443    198.18.0.50:443    10.0.0.4:54490  tcp         ESTABLISHED  431999     0
  1035980785  10.0.0.4:54491  198.18.0.51:443    198.18.0.51:443    10.0.0.4:54491  tcp         ESTABLISHED  431998     0
  3507691905  10.0.0.5:37388  198.18.0.24:443    198.18.0.24:443    10.0.0.5:37388  tcp         ESTABLISHED  431996     0
  69794299    10.0.0.5:37389  198.18.0.26:443    198.18.0.26:443    10.0.0.5:37389  tcp         ESTABLISHED  431996     0
  3648937681  10.0.0.1:44011  198.19.0.53:53     198.19.0.53:53     10.0.0.1:44011  udp                      25         0
  2492178918  10.0.0.1:44012  198.19.0.53:53     198.19.0.53:53     10.0.0.1:44012  udp                      26         0
  4193662023  10.0.0.1:44013  198.18.0.37:443    198.18.0.37:443    10.0.0.1:44013  udp                      180        0
  3931332538  10.0.0.2:32889  198.19.0.53:53     198.19.0.53:53     10.0.0.2:32889  udp                      25         0
  1117771179  10.0.0.2:32890  198.19.0.53:53     198.19.0.53:53     10.0.0.2:32890  udp                      26         0
  2631693420  10.0.0.2:32891  198.19.0.54:53     198.19.0.54:53     10.0.0.2:32891  udp                      26         0
  2911091942  10.0.0.2:32892  198.19.0.53:53     198.19.0.53:53     10.0.0.2:32892  udp                      26         0
  448475025   10.0.0.2:32895  198.19.0.53:53     198.19.0.53:53     10.0.0.2:32895  udp                      29         0
  3096160893  10.0.0.3:46354  198.19.0.54:53     198.19.0.54:53     10.0.0.3:46354  udp                      26         0
  1408362973  10.0.0.4:54489  198.19.0.54:53     198.19.0.54:53     10.0.0.4:54489  udp                      25         0

$ ctsh simulate pcap "$CTSH_SOURCE_DIR/examples/syn-flood.pcap"
  Packets:         400 (21600 bytes)
  ct states:       new 400, established 0, related 0, invalid 0, untracked 0
  Simulated time:  1.995 s
  Wall time:       0.500 s (800 packets/s)
  New flows:       400
  Peak entries:    419 of 262144 (0.2 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          184320 bytes

$ ctsh simulate pcap "$CTSH_SOURCE_DIR/examples/udp-dns.pcap"
  Packets:         396 (34778 bytes)
  ct states:       new 200, established 196, related 0, invalid 0, untracked 0
  Simulated time:  3.996 s
  Wall time:       0.500 s (792 packets/s)
  New flows:       200
  Peak entries:    619 of 262144 (0.2 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          204800 bytes

$ workload_capture bad.pcap gateway 0 2 4
  workload_capture: users 0 is out of range: give 1 to 1000000
  [2]

$ workload_capture bad.pcap storm 1 2
  usage: workload_capture FILE gateway USERS CONNECTIONS-PER-USER SECONDS [SEED]
         workload_capture FILE syn-flood RATE SECONDS [SEED]
         workload_capture FILE udp-dns CLIENTS RATE SECONDS [SEED]
  [2]

