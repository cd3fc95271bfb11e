# `show conntrack table ipv4|ipv6` with filters (original direction, as conntrack -L's options): each
# filter alone, several together (all must hold), names and numbers for protocols and ports, states in
# any case, statuses; `| json`, `| count` and `| match` work on the filtered table; bad values are
# refused with a message naming the option.
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

$ ctsh show conntrack table ipv4 source 10.0.0.1 | wc -l
  7

$ ctsh show conntrack table ipv4 source 10.0.0.9
  Entries not found

$ ctsh show conntrack table ipv4 source '!10.0.0.1'
  Entries not found

$ ctsh show conntrack table ipv4 destination 10.0.0.2
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT    119        0

$ ctsh show conntrack table ipv4 destination 10.0.0.0/30
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT    119        0
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53  10.0.0.1:5353   udp                      29         0

$ ctsh show conntrack table ipv4 destination 10.0.0.3-10.0.0.4
  Id          Original src    Original dst    Reply src      Reply dst      Protocol    State    Timeout    Mark    Zone
  ----------  --------------  --------------  -------------  -------------  ----------  -------  ---------  ------  ------
  1548080446  10.0.0.1:5000   10.0.0.4:9999   10.0.0.4:9999  10.0.0.1:5000  udp                  29         0
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53    10.0.0.1:5353  udp                  29         0

$ ctsh show conntrack table ipv4 protocol udp
  Id          Original src    Original dst    Reply src      Reply dst      Protocol    State    Timeout    Mark    Zone
  ----------  --------------  --------------  -------------  -------------  ----------  -------  ---------  ------  ------
  1548080446  10.0.0.1:5000   10.0.0.4:9999   10.0.0.4:9999  10.0.0.1:5000  udp                  29         0
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53    10.0.0.1:5353  udp                  29         0

$ ctsh show conntrack table ipv4 protocol 1
  Id          Original src    Original dst    Reply src    Reply dst    Protocol    State    Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  -----------  ----------  -------  ---------  ------  ------
  2816725947  10.0.0.1        10.0.0.5        10.0.0.5     10.0.0.1     icmp                 29         0

$ ctsh show conntrack table ipv4 protocol all | wc -l
  7

$ ctsh show conntrack table ipv4 source-port 40001
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State      Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  ---------  ---------  ------  ------
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT  119        0

$ ctsh show conntrack table ipv4 destination-port 53
  Id          Original src    Original dst    Reply src    Reply dst      Protocol    State    Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  -------------  ----------  -------  ---------  ------  ------
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53  10.0.0.1:5353  udp                  29         0

$ ctsh show conntrack table ipv4 destination-port domain
  Id          Original src    Original dst    Reply src    Reply dst      Protocol    State    Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  -------------  ----------  -------  ---------  ------  ------
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53  10.0.0.1:5353  udp                  29         0

$ ctsh show conntrack table ipv4 state established
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0

$ ctsh show conntrack table ipv4 state TIME_WAIT
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State      Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  ---------  ---------  ------  ------
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT  119        0

$ ctsh show conntrack table ipv4 status assured
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT    119        0

$ ctsh show conntrack table ipv4 status seen-reply
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  2816725947  10.0.0.1        10.0.0.5        10.0.0.5     10.0.0.1        icmp                     29         0
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT    119        0
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53  10.0.0.1:5353   udp                      29         0

$ ctsh show conntrack table ipv4 status unreplied
  Id          Original src    Original dst    Reply src      Reply dst      Protocol    State    Timeout    Mark    Zone
  ----------  --------------  --------------  -------------  -------------  ----------  -------  ---------  ------  ------
  1548080446  10.0.0.1:5000   10.0.0.4:9999   10.0.0.4:9999  10.0.0.1:5000  udp                  29         0

$ ctsh show conntrack table ipv4 status expected
  Entries not found

$ ctsh show conntrack table ipv4 status assured,seen-reply | wc -l
  4

# Several filters: every one must hold.
$ ctsh show conntrack table ipv4 protocol tcp destination 10.0.0.2 destination-port 80 state established
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0

$ ctsh show conntrack table ipv4 protocol udp status seen-reply source-port 5353
  Id          Original src    Original dst    Reply src    Reply dst      Protocol    State    Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  -------------  ----------  -------  ---------  ------  ------
  3648937681  10.0.0.1:5353   10.0.0.3:53     10.0.0.3:53  10.0.0.1:5353  udp                  29         0

$ ctsh show conntrack table ipv4 protocol udp state established
  Entries not found

# Port filters match only protocols with ports (an ICMP entry has none).
$ ctsh show conntrack table ipv4 destination 10.0.0.5 destination-port 1
  Entries not found

$ ctsh show conntrack table ipv6 source 2001:db8::/32 state syn_sent
  Id          Original src        Original dst       Reply src          Reply dst           Protocol    State     Timeout    Mark    Zone
  ----------  ------------------  -----------------  -----------------  ------------------  ----------  --------  ---------  ------  ------
  2492178918  [2001:db8::1]:1111  [2001:db8::2]:443  [2001:db8::2]:443  [2001:db8::1]:1111  tcp         SYN_SENT  120        0

$ ctsh show conntrack table ipv6 status assured
  Entries not found

# Words may be abbreviated; the pipes work on the filtered table.
$ ctsh sh conn tab ipv4 prot tcp destination 10.0.0.2
  Id          Original src    Original dst    Reply src    Reply dst       Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  -----------  --------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40000  tcp         ESTABLISHED  431999     0
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT    119        0

# A prefix of two options is ambiguous; an exact name wins over a longer one.
$ ctsh show conntrack table ipv4 dest 10.0.0.2

    Ambiguous command: show conntrack table ipv4 [dest]

    Possible completions:
      destination       Original destination address or prefix
      destination-port  Original destination port (tcp, udp, udplite, sctp)
  [1]

$ ctsh 'show conntrack table ipv4 protocol tcp | json'
  {"entries":[{"id":1753845952,"family":"ipv4","protocol":"tcp","state":"ESTABLISHED","timeout":431999,"original":{"src":"10.0.0.1","dst":"10.0.0.2","sport":40000,"dport":80},"reply":{"src":"10.0.0.2","dst":"10.0.0.1","sport":80,"dport":40000},"status":["SEEN_REPLY","ASSURED","CONFIRMED"],"mark":0,"zone":0,"helper":null},{"id":3507691905,"family":"ipv4","protocol":"tcp","state":"TIME_WAIT","timeout":119,"original":{"src":"10.0.0.1","dst":"10.0.0.2","sport":40001,"dport":80},"reply":{"src":"10.0.0.2","dst":"10.0.0.1","sport":80,"dport":40001},"status":["SEEN_REPLY","ASSURED","CONFIRMED"],"mark":0,"zone":0,"helper":null}]}

$ ctsh 'show conntrack table ipv4 protocol udp | count'
  4

$ ctsh 'show conntrack table ipv4 protocol tcp | match TIME_WAIT'
  3507691905  10.0.0.1:40001  10.0.0.2:80     10.0.0.2:80  10.0.0.1:40001  tcp         TIME_WAIT    119        0

# Bad values: a message naming the option, exit status 1.
$ ctsh show conntrack table ipv4 source 2001:db8::1

    source: 2001:db8::1 is not a valid IPv4 address, prefix or range
  [1]

$ ctsh show conntrack table ipv4 destination 10.0.0.300

    destination: 10.0.0.300 is not a valid IPv4 address, prefix or range
  [1]

$ ctsh show conntrack table ipv4 destination 10.0.0.0/33

    destination: 10.0.0.0/33 is not a valid IPv4 address, prefix or range: the prefix length must be a number from 0 to 32
  [1]

$ ctsh show conntrack table ipv4 protocol bogus

    protocol: bogus is not a valid IP protocol: use a name (tcp, udp, icmp, ...), a number 0-255, tcp_udp or all, optionally negated with '!'
  [1]

$ ctsh show conntrack table ipv4 protocol tcp_udp

    protocol: "tcp_udp" is not one protocol: give a name or a number (tcp, udp, 47, ...)
  [1]

$ ctsh show conntrack table ipv4 protocol '!udp'

    protocol: "!udp" is not one protocol: give a name or a number (tcp, udp, 47, ...)
  [1]

$ ctsh show conntrack table ipv4 source-port 0

    source-port: 0 is not a valid port (a number 1-65535, a service name or a range a-b)
  [1]

$ ctsh show conntrack table ipv4 source-port 70000

    source-port: 70000 is not a valid port (a number 1-65535, a service name or a range a-b)
  [1]

$ ctsh show conntrack table ipv4 destination-port 80,443

    destination-port: "80,443" is not one port: give a number 1-65535 or a service name (no list, range or '!')
  [1]

$ ctsh show conntrack table ipv4 destination-port 1000-2000

    destination-port: "1000-2000" is not one port: give a number 1-65535 or a service name (no list, range or '!')
  [1]

$ ctsh show conntrack table ipv4 state open

    state: "open" is not a TCP or SCTP state: use one of SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE, SYN_SENT2, CLOSED, COOKIE_WAIT, COOKIE_ECHOED, SHUTDOWN_SENT, SHUTDOWN_RECD, SHUTDOWN_ACK_SENT, HEARTBEAT_SENT
  [1]

$ ctsh show conntrack table ipv4 status replied

    status: "replied" is not a status: use assured, seen-reply, expected or unreplied, or a comma list of them that must all hold
  [1]

$ ctsh show conntrack table ipv4 status seen-reply,unreplied

    status: "seen-reply,unreplied" asks for seen-reply and unreplied at once: no entry is both
  [1]

$ ctsh show conntrack table ipv4 status assured,

    status: "assured," is not a status: use assured, seen-reply, expected or unreplied, or a comma list of them that must all hold
  [1]

$ ctsh show conntrack table ipv4 source 10.0.0.1 source 10.0.0.2

    Invalid command: show conntrack table ipv4 source 10.0.0.1 [source]
  [1]

$ ctsh show conntrack table ipv4 source

    Incomplete command: show conntrack table ipv4 source
  [1]

$ ctsh show conntrack table ipv4 sou 10.0.0.1

    Ambiguous command: show conntrack table ipv4 [sou]

    Possible completions:
      source          Original source address or prefix
      source-port     Original source port (tcp, udp, udplite, sctp)
  [1]

$ ctsh show conntrack table ipv4 colour red

    Invalid command: show conntrack table ipv4 [colour]
  [1]

# With flow-accounting the table has packet and byte columns after each direction's tuples (existing
# entries count from the commit on); the filters work the same.
$ ctsh -c 'configure; set system conntrack flow-accounting; commit'; ctsh simulate pcap sample.pcap
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

$ ctsh show conntrack table ipv4 protocol tcp
  Id          Original src    Original dst    Original packets    Original bytes    Reply src    Reply dst       Reply packets    Reply bytes    Protocol    State        Timeout    Mark    Zone
  ----------  --------------  --------------  ------------------  ----------------  -----------  --------------  ---------------  -------------  ----------  -----------  ---------  ------  ------
  1753845952  10.0.0.1:40000  10.0.0.2:80     3                   127               10.0.0.2:80  10.0.0.1:40000  2                80             tcp         ESTABLISHED  431999     0
  3931332538  10.0.0.1:40001  10.0.0.2:80     4                   160               10.0.0.2:80  10.0.0.1:40001  2                80             tcp         TIME_WAIT    119        0

$ ctsh show conntrack table ipv6
  Id          Original src        Original dst       Original packets    Original bytes    Reply src          Reply dst           Reply packets    Reply bytes    Protocol    State     Timeout    Mark    Zone
  ----------  ------------------  -----------------  ------------------  ----------------  -----------------  ------------------  ---------------  -------------  ----------  --------  ---------  ------  ------
  2492178918  [2001:db8::1]:1111  [2001:db8::2]:443  1                   60                [2001:db8::2]:443  [2001:db8::1]:1111  0                0              tcp         SYN_SENT  119        0

$ ctsh 'show conntrack table ipv4 destination-port 53 | json'
  {"entries":[{"id":3648937681,"family":"ipv4","protocol":"udp","state":null,"timeout":29,"original":{"src":"10.0.0.1","dst":"10.0.0.3","sport":5353,"dport":53,"packets":1,"bytes":28},"reply":{"src":"10.0.0.3","dst":"10.0.0.1","sport":53,"dport":5353,"packets":1,"bytes":28},"status":["SEEN_REPLY","CONFIRMED"],"mark":0,"zone":0,"helper":null}]}

