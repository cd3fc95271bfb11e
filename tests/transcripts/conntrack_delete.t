# `delete conntrack table ipv4|ipv6 [filters]` removes the entries matching every filter given (all of
# the family without one), says how many (0 is not an error), keeps the rest and saves the table;
# a bad filter value deletes nothing.
$ sample_capture sample.pcap; ctsh simulate pcap sample.pcap
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

$ ctsh delete conntrack table ipv4 protocol tcp state time_wait
  1 flow entry has been deleted.

$ ctsh show conntrack table ipv4 protocol tcp
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0

$ ctsh delete conntrack table ipv4 protocol tcp state time_wait
  0 flow entries have been deleted.

$ ctsh delete conntrack table ipv4 destination 10.0.0.0/29 protocol udp
  2 flow entries have been deleted.

$ ctsh delete conntrack table ipv4 source-port 99 status seen-reply
  0 flow entries have been deleted.

$ ctsh delete conntrack table ipv4 destination-port 80,81

    destination-port: "80,81" is not one port: give a number 1-65535 or a service name (no list, range or '!')
  [1]

$ ctsh delete conntrack table ipv6 source 10.0.0.1

    source: 10.0.0.1 is not a valid IPv6 address, prefix or range
  [1]

$ ctsh 'show conntrack table ipv4 | count'
  4

$ ctsh 'delete conntrack table ipv6 | json'
  {"deleted":1}

$ ctsh show conntrack table ipv6
  Entries not found

$ ctsh -c 'configure; run delete conntrack table ipv4 status unreplied; run delete conntrack table ipv4'
  0 flow entries have been deleted.
  2 flow entries have been deleted.

$ ctsh show conntrack table ipv4
  Entries not found

$ ctsh show conntrack statistics | sed -n 9,11p
  CPU    new    destroyed    expired
  -----  -----  -----------  ---------
  0      7      7            0

