# `simulate table FILE` loads a saved production table (conntrack -L, -L -o save, -L -o xml or
# /proc/net/nf_conntrack, told apart by the file), so that a table-size or timeout change can be tried
# on real state; the whole file is checked before anything is loaded.
$ cat > list.txt <<'END'
> tcp      6 431999 ESTABLISHED src=192.168.1.10 dst=93.184.216.34 sport=51234 dport=443 packets=12 bytes=3456 src=93.184.216.34 dst=192.168.1.10 sport=443 dport=51234 packets=10 bytes=8901 [ASSURED] mark=0 use=1
> tcp      6 118 SYN_SENT src=192.168.1.11 dst=10.9.9.9 sport=40000 dport=22 packets=1 bytes=60 [UNREPLIED] src=10.9.9.9 dst=192.168.1.11 sport=22 dport=40000 packets=0 bytes=0 mark=7 secctx=system_u:object_r:unlabeled_t:s0 use=1
> udp      17 29 src=192.168.1.10 dst=8.8.8.8 sport=5353 dport=53 packets=1 bytes=70 src=8.8.8.8 dst=192.168.1.10 sport=53 dport=5353 packets=1 bytes=120 mark=0 delta-time=2 use=1
> udp      17 170 src=192.168.1.12 dst=1.1.1.1 sport=123 dport=123 packets=4 bytes=304 src=1.1.1.1 dst=192.168.1.12 sport=123 dport=123 packets=4 bytes=304 [ASSURED] mark=0 zone=3 use=1
> icmp     1 29 src=192.168.1.10 dst=1.1.1.1 type=8 code=0 id=4660 packets=1 bytes=84 src=1.1.1.1 dst=192.168.1.10 type=0 code=0 id=4660 packets=1 bytes=84 mark=0 [start=Sun Nov 22 06:15:34 2026] use=1 id=3032511976
> icmpv6   58 29 src=2001:db8::10 dst=2001:db8::1 type=128 code=0 id=7 packets=1 bytes=104 src=2001:db8::1 dst=2001:db8::10 type=129 code=0 id=7 packets=1 bytes=104 mark=0 use=1
> sctp     132 208 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=5000 dport=38412 packets=5 bytes=500 src=10.0.0.2 dst=10.0.0.1 sport=38412 dport=5000 packets=5 bytes=500 [ASSURED] mark=0 use=1
> gre      47 179 src=10.0.0.1 dst=10.0.0.6 srckey=0x1 dstkey=0x2 packets=3 bytes=300 src=10.0.0.6 dst=10.0.0.1 srckey=0x2 dstkey=0x1 packets=3 bytes=300 [ASSURED] mark=0 labels=default use=1
> unknown  253 599 src=10.0.0.1 dst=10.0.0.9 packets=1 bytes=40 [UNREPLIED] src=10.0.0.9 dst=10.0.0.1 packets=0 bytes=0 mark=0 use=1
> tcp      6 299 ESTABLISHED src=192.168.1.20 dst=198.51.100.7 sport=33000 dport=21 packets=9 bytes=600 src=198.51.100.7 dst=203.0.113.1 sport=21 dport=33000 packets=8 bytes=700 [ASSURED] mark=0 helper=ftp use=1
> tcp      6 86399 ESTABLISHED src=192.168.1.21 dst=198.51.100.8 sport=5060 dport=5060 packets=9 bytes=600 src=198.51.100.8 dst=192.168.1.21 sport=5060 dport=5060 packets=8 bytes=700 [ASSURED] mark=0 helper=sip use=1
> conntrack v1.4.7 (conntrack-tools): 11 flow entries have been shown.
> END

$ ctsh simulate table list.txt
  Loaded 10 of 11 entries from list.txt (conntrack -L format): gre 1, icmp 1, icmpv6 1, sctp 1, tcp 4, udp 1, unknown 1
  Not loaded: 1 entry in zones other than 0 (the engine tracks zone 0 only)
  Note: 1 entry had address translation (NAT); loaded with the reply tuple reversed from the original (the engine does not model NAT)
  Note: the counters of 10 entries were dropped: flow-accounting is off
  Note: 1 entry names a helper the engine does not model (sip 1); loaded without it

$ ctsh show conntrack table ipv4
  Id          Original src        Original dst       Reply src          Reply dst           Protocol    State        Timeout    Mark    Zone
  ----------  ------------------  -----------------  -----------------  ------------------  ----------  -----------  ---------  ------  ------
  3648937681  192.168.1.10        1.1.1.1            1.1.1.1            192.168.1.10        icmp                     29         0
  1753845952  192.168.1.10:51234  93.184.216.34:443  93.184.216.34:443  192.168.1.10:51234  tcp         ESTABLISHED  431999     0
  3507691905  192.168.1.11:40000  10.9.9.9:22        10.9.9.9:22        192.168.1.11:40000  tcp         SYN_SENT     118        7
  1117771179  192.168.1.20:33000  198.51.100.7:21    198.51.100.7:21    192.168.1.20:33000  tcp         ESTABLISHED  299        0
  3096160893  192.168.1.21:5060   198.51.100.8:5060  198.51.100.8:5060  192.168.1.21:5060   tcp         ESTABLISHED  86399      0
  1408362973  192.168.1.10:5353   8.8.8.8:53         8.8.8.8:53         192.168.1.10:5353   udp                      29         0
  2492178918  10.0.0.1            10.0.0.6           10.0.0.6           10.0.0.1            gre                      179        0
  2816725947  10.0.0.1:5000       10.0.0.2:38412     10.0.0.2:38412     10.0.0.1:5000       sctp        ESTABLISHED  208        0
  3931332538  10.0.0.1            10.0.0.9           10.0.0.9           10.0.0.1            unknown                  599        0

$ ctsh 'show conntrack table ipv6 | conntrack'
  icmpv6   58 29 src=2001:db8::10 dst=2001:db8::1 type=128 code=0 id=7 src=2001:db8::1 dst=2001:db8::10 type=129 code=0 id=7 mark=0 use=1

$ ctsh 'show conntrack table ipv4 | json' | head -c 400; echo
  {"entries":[{"id":3648937681,"family":"ipv4","protocol":"icmp","state":null,"timeout":29,"original":{"src":"192.168.1.10","dst":"1.1.1.1","type":8,"code":0,"id":4660},"reply":{"src":"1.1.1.1","dst":"192.168.1.10","type":0,"code":0,"id":4660},"status":["SEEN_REPLY","CONFIRMED"],"mark":0,"zone":0,"helper":null},{"id":1753845952,"family":"ipv4","protocol":"tcp","state":"ESTABLISHED","timeout":431999,

# Loading the same table again is refused: its connections are in the table already.
$ ctsh simulate table list.txt

    list.txt:1: tcp 192.168.1.10:51234 -> 93.184.216.34:443 is in the table already (loaded before?); nothing was loaded
  [1]

# /proc/net/nf_conntrack (uncompressed IPv6, zone=0, use=2, GRE's timeouts, an offloaded flow without a
# timeout), into an engine with flow-accounting, which keeps the counters.
$ cat > proc.txt <<'END'
> ipv4     2 tcp      6 119 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 packets=3 bytes=180 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 packets=2 bytes=120 [ASSURED] mark=7 zone=0 delta-time=0 use=2
> ipv6     10 tcp      6 59 SYN_SENT src=2001:0db8:0000:0000:0000:0000:0000:0001 dst=2001:0db8:0000:0000:0000:0000:0000:0002 sport=1111 dport=443 packets=1 bytes=80 [UNREPLIED] src=2001:0db8:0000:0000:0000:0000:0000:0002 dst=2001:0db8:0000:0000:0000:0000:0000:0001 sport=443 dport=1111 packets=0 bytes=0 mark=0 zone=0 use=2
> ipv4     2 unknown  253 599 src=127.0.0.1 dst=127.0.0.1 packets=1 bytes=20 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 packets=0 bytes=0 mark=0 zone=0 use=2
> ipv4     2 gre      47 29 timeout=30, stream_timeout=180 src=10.0.0.1 dst=10.0.0.6 srckey=0x1 dstkey=0x2 packets=1 bytes=60 [UNREPLIED] src=10.0.0.6 dst=10.0.0.1 srckey=0x2 dstkey=0x1 packets=0 bytes=0 mark=0 zone=0 use=2
> ipv4     2 tcp      6 ESTABLISHED src=10.0.0.3 dst=10.0.0.4 sport=40000 dport=443 packets=90 bytes=9000 src=10.0.0.4 dst=10.0.0.3 sport=443 dport=40000 packets=80 bytes=80000 [OFFLOAD] mark=0 zone=0 use=2
> ipv4     2 dccp     33 100 OPEN src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 packets=1 bytes=50 src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 packets=1 bytes=50 [ASSURED] mark=0 zone=0 use=2
> END

$ export CTSH_CONFIG_DIR=$PWD/proc; ctsh -c 'configure; set system conntrack flow-accounting; commit'; ctsh simulate table proc.txt
  Loaded 5 of 6 entries from proc.txt (/proc/net/nf_conntrack format): gre 1, tcp 3, unknown 1
  Not loaded: 1 entry of DCCP (Linux 6.16 and later do not track DCCP, nor does the engine)

$ export CTSH_CONFIG_DIR=$PWD/proc; ctsh 'show conntrack table ipv4 | conntrack'; ctsh 'show conntrack table ipv6'
  tcp      6 119 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 packets=3 bytes=180 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 packets=2 bytes=120 [ASSURED] mark=7 use=1
  tcp      6 86400 ESTABLISHED src=10.0.0.3 dst=10.0.0.4 sport=40000 dport=443 packets=90 bytes=9000 src=10.0.0.4 dst=10.0.0.3 sport=443 dport=40000 packets=80 bytes=80000 [ASSURED] mark=0 use=1
  gre      47 29 src=10.0.0.1 dst=10.0.0.6 srckey=0x1 dstkey=0x2 packets=1 bytes=60 [UNREPLIED] src=10.0.0.6 dst=10.0.0.1 srckey=0x2 dstkey=0x1 packets=0 bytes=0 mark=0 use=1
  unknown  253 599 src=127.0.0.1 dst=127.0.0.1 packets=1 bytes=20 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 packets=0 bytes=0 mark=0 use=1
  Id          Original src        Original dst       Original packets    Original bytes    Reply src          Reply dst           Reply packets    Reply bytes    Protocol    State     Timeout    Mark    Zone
  ----------  ------------------  -----------------  ------------------  ----------------  -----------------  ------------------  ---------------  -------------  ----------  --------  ---------  ------  ------
  3507691905  [2001:db8::1]:1111  [2001:db8::2]:443  1                   80                [2001:db8::2]:443  [2001:db8::1]:1111  0                0              tcp         SYN_SENT  59         0

# conntrack -L -o save lines (-A, and -I from conntrack 1.4.5 and 1.4.6), NAT written as -g / -n.
$ cat > save.txt <<'END'
> -A -t 431999 -u SEEN_REPLY,ASSURED -s 192.168.1.10 -d 93.184.216.34 -r 93.184.216.34 -q 192.168.1.10 -p tcp --sport 51234 --dport 443 --reply-port-src 443 --reply-port-dst 51234 --state ESTABLISHED
> -A -t 118 -u UNSET -s 192.168.1.11 -d 10.9.9.9 -r 10.9.9.9 -q 192.168.1.11 -p tcp --sport 40000 --dport 22 --reply-port-src 22 --reply-port-dst 40000 --state SYN_SENT
> -I -t 29 -u SEEN_REPLY -s 192.168.1.10 -d 8.8.8.8 -r 8.8.8.8 -q 192.168.1.10 -p udp --sport 5353 --dport 53 --reply-port-src 53 --reply-port-dst 5353
> -A -t 29 -u SEEN_REPLY -s 192.168.1.10 -d 1.1.1.1 -r 1.1.1.1 -q 192.168.1.10 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 4660
> -A -t 29 -u SEEN_REPLY -s 2001:db8::10 -d 2001:db8::1 -r 2001:db8::1 -q 2001:db8::10 -p icmpv6 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 7
> -A -t 208 -u SEEN_REPLY,ASSURED -s 10.0.0.1 -d 10.0.0.2 -r 10.0.0.2 -q 10.0.0.1 -p sctp --sport 5000 --dport 38412 --reply-port-src 38412 --reply-port-dst 5000 --state ESTABLISHED --orig-vtag 3735928559 --reply-vtag 12345
> -A -t 179 -u SEEN_REPLY,ASSURED -s 10.0.0.1 -d 10.0.0.6 -r 10.0.0.6 -q 10.0.0.1 -p gre --srckey 1 --dstkey 2 --reply-key-src 2 --reply-key-dst 1
> -A -t 599 -u UNSET -s 10.0.0.1 -d 10.0.0.9 -r 10.0.0.9 -q 10.0.0.1 -p 253
> -A -t 120 -u SEEN_REPLY,ASSURED -w 5 -s 10.0.0.1 -d 10.0.0.7 -r 10.0.0.7 -q 10.0.0.1 -p udp --sport 1 --dport 2 --reply-port-src 2 --reply-port-dst 1
> -A -t 431000 -u SEEN_REPLY,ASSURED -s 192.168.1.20 -d 198.51.100.7 -g 198.51.100.7 -n 203.0.113.1 -p tcp --sport 33000 --dport 80 --reply-port-src 80 --reply-port-dst 33000 --state ESTABLISHED
> END

$ export CTSH_CONFIG_DIR=$PWD/save; ctsh simulate table save.txt; ctsh 'show conntrack table ipv4 | conntrack'
  Loaded 9 of 10 entries from save.txt (conntrack -L -o save format): gre 1, icmp 1, icmpv6 1, sctp 1, tcp 3, udp 1, unknown 1
  Not loaded: 1 entry in zones other than 0 (the engine tracks zone 0 only)
  Note: 1 entry had address translation (NAT); loaded with the reply tuple reversed from the original (the engine does not model NAT)
  icmp     1 29 src=192.168.1.10 dst=1.1.1.1 type=8 code=0 id=4660 src=1.1.1.1 dst=192.168.1.10 type=0 code=0 id=4660 mark=0 use=1
  tcp      6 431999 ESTABLISHED src=192.168.1.10 dst=93.184.216.34 sport=51234 dport=443 src=93.184.216.34 dst=192.168.1.10 sport=443 dport=51234 [ASSURED] mark=0 use=1
  tcp      6 118 SYN_SENT src=192.168.1.11 dst=10.9.9.9 sport=40000 dport=22 [UNREPLIED] src=10.9.9.9 dst=192.168.1.11 sport=22 dport=40000 mark=0 use=1
  tcp      6 431000 ESTABLISHED src=192.168.1.20 dst=198.51.100.7 sport=33000 dport=80 src=198.51.100.7 dst=192.168.1.20 sport=80 dport=33000 [ASSURED] mark=0 use=1
  udp      17 29 src=192.168.1.10 dst=8.8.8.8 sport=5353 dport=53 src=8.8.8.8 dst=192.168.1.10 sport=53 dport=5353 mark=0 use=1
  gre      47 179 src=10.0.0.1 dst=10.0.0.6 srckey=0x1 dstkey=0x2 src=10.0.0.6 dst=10.0.0.1 srckey=0x2 dstkey=0x1 [ASSURED] mark=0 use=1
  sctp     132 208 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=5000 dport=38412 src=10.0.0.2 dst=10.0.0.1 sport=38412 dport=5000 [ASSURED] mark=0 use=1
  unknown  253 599 src=10.0.0.1 dst=10.0.0.9 [UNREPLIED] src=10.0.0.9 dst=10.0.0.1 mark=0 use=1

# conntrack -L -o xml, as conntrack prints it (one flow a line) and laid out over several lines.
$ cat > table.xml <<'END'
> <?xml version="1.0" encoding="utf-8"?>
> <conntrack>
> <flow><meta direction="original"><layer3 protonum="2" protoname="ipv4"><src>10.0.0.1</src><dst>10.0.0.2</dst></layer3><layer4 protonum="6" protoname="tcp"><sport>40000</sport><dport>80</dport></layer4></meta><meta direction="reply"><layer3 protonum="2" protoname="ipv4"><src>10.0.0.2</src><dst>10.0.0.1</dst></layer3><layer4 protonum="6" protoname="tcp"><sport>80</sport><dport>40000</dport></layer4></meta><meta direction="independent"><state>ESTABLISHED</state><timeout>119</timeout><mark>7</mark><use>1</use><id>3032511976</id><assured/><deltatime>0</deltatime></meta></flow>
> <flow><meta direction="original"><layer3 protonum="2" protoname="ipv4"><src>10.0.0.1</src><dst>10.0.0.3</dst></layer3><layer4 protonum="17" protoname="udp"><sport>5353</sport><dport>53</dport></layer4></meta><meta direction="reply"><layer3 protonum="2" protoname="ipv4"><src>10.0.0.3</src><dst>10.0.0.1</dst></layer3><layer4 protonum="17" protoname="udp"><sport>53</sport><dport>5353</dport></layer4></meta><meta direction="independent"><timeout>29</timeout><mark>0</mark><use>1</use><unreplied/></meta></flow>
> <flow>
>   <meta direction="original">
>     <layer3 protonum="10" protoname="ipv6"><src>2001:db8::1</src><dst>2001:db8::2</dst></layer3>
>     <layer4 protonum="58" protoname="icmpv6"><type>128</type><code>0</code><id>9</id></layer4>
>   </meta>
>   <meta direction="reply">
>     <layer3 protonum="10" protoname="ipv6"><src>2001:db8::2</src><dst>2001:db8::1</dst></layer3>
>     <layer4 protonum="58" protoname="icmpv6"><type>129</type><code>0</code><id>9</id></layer4>
>   </meta>
>   <meta direction="independent"><timeout>25</timeout><mark>0</mark><use>1</use></meta>
> </flow>
> </conntrack>
> END

$ export CTSH_CONFIG_DIR=$PWD/xml; ctsh simulate table table.xml; ctsh 'show conntrack table ipv4 | conntrack'; ctsh 'show conntrack table ipv6 | conntrack'
  Loaded 3 of 3 entries from table.xml (conntrack -L -o xml format): icmpv6 1, tcp 1, udp 1
  tcp      6 119 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED] mark=7 use=1
  udp      17 29 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 [UNREPLIED] src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353 mark=0 use=1
  icmpv6   58 25 src=2001:db8::1 dst=2001:db8::2 type=128 code=0 id=9 src=2001:db8::2 dst=2001:db8::1 type=129 code=0 id=9 mark=0 use=1

# What-if: the same production table into a table-size of 4 (the rest is counted as not loaded), and
# what is left of it two minutes later.
$ export CTSH_CONFIG_DIR=$PWD/small; ctsh -c 'configure; set system conntrack table-size 4; commit'; ctsh simulate table list.txt
  Loaded 4 of 11 entries from list.txt (conntrack -L format): icmp 1, tcp 2, udp 1
  Not loaded: 6 entries, the table is full (table-size 4)
  Not loaded: 1 entry in zones other than 0 (the engine tracks zone 0 only)
  Note: 1 entry had address translation (NAT); loaded with the reply tuple reversed from the original (the engine does not model NAT)
  Note: the counters of 10 entries were dropped: flow-accounting is off
  Note: 1 entry names a helper the engine does not model (sip 1); loaded without it

$ export CTSH_CONFIG_DIR=$PWD/small; ctsh simulate idle 120; ctsh 'show conntrack table ipv4 | conntrack'
  Simulated time:  120.000 s
  Expired:         3 entries
  Entries:         1 of 4 (25.0 %)
  tcp      6 431879 ESTABLISHED src=192.168.1.10 dst=93.184.216.34 sport=51234 dport=443 src=93.184.216.34 dst=192.168.1.10 sport=443 dport=51234 [ASSURED] mark=0 use=1

# Malformed files name the file, the line and what is wrong, exit 1, and load nothing.
$ printf '%s\n' 'tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 mark=0 use=1' 'tcp      6 431999 ESTABLISH src=10.0.0.1 dst=10.0.0.2 sport=3 dport=4 src=10.0.0.2 dst=10.0.0.1 sport=4 dport=3 mark=0 use=1' > bad-state.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table bad-state.txt

    bad-state.txt:2: unknown tcp state "ESTABLISH"; nothing was loaded
  [1]

$ printf '%s\n' 'udp      17 30 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=70000 src=10.0.0.2 dst=10.0.0.1 sport=70000 dport=1' > bad-port.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table bad-port.txt

    bad-port.txt:1: dport=70000 is not a number from 0 to 65535; nothing was loaded
  [1]

$ printf '%s\n' 'udp      17 30 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1' 'udp      17 30 src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2' > twice.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table twice.txt

    twice.txt:2: udp 10.0.0.2:2 -> 10.0.0.1:1 is the same connection as line 1; nothing was loaded
  [1]

$ printf '%s\n' '-A -t 10 -s 10.0.0.1 -d 10.0.0.2 -p tcp --sport 1 --dport 2' > no-state.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table no-state.txt

    no-state.txt:1: missing --state; nothing was loaded
  [1]

$ printf '%s\n' '-A -t 10 -u SEEN_REPLY -s 10.0.0.1 -d 10.0.0.2 -p udp --sport 1 --dport 2' '-A -t 10 -x 1' > bad-option.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table bad-option.txt

    bad-option.txt:2: unknown option "-x"; nothing was loaded
  [1]

$ printf '%s\n' '<conntrack>' '<flow><meta direction="original"><layer3 protonum="2" protoname="ipv4"><src>10.0.0.1</src><dst>10.0.0.2</dst></layer3>' '</conntrack>' > bad.xml; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table bad.xml

    bad.xml:3: </conntrack> closes <meta>; nothing was loaded
  [1]

$ printf '%s\n' 'icmp     1 29 src=10.0.0.1 dst=10.0.0.5 type=0 code=0 id=1 src=10.0.0.5 dst=10.0.0.1 type=8 code=0 id=1 mark=0 use=1' > echo-reply.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table echo-reply.txt

    echo-reply.txt:1: icmp type 0 is not a query that creates an entry; nothing was loaded
  [1]

$ printf '%s\n' '    [NEW] tcp      6 120 SYN_SENT src=127.0.0.1 dst=127.0.0.1 sport=1 dport=2 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=2 dport=1' > events.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table events.txt

    events.txt:1: this is conntrack -E event output, not a table: save the output of conntrack -L (or -L -o save, -L -o xml, /proc/net/nf_conntrack); nothing was loaded
  [1]

$ head -c 300 list.txt > cut.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table cut.txt

    cut.txt:2: expected bytes=, found "byte"; nothing was loaded
  [1]

$ export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table missing.txt; ctsh simulate table .

    missing.txt: cannot open it: No such file or directory


    .: cannot read it: Is a directory
  [1]

$ export CTSH_CONFIG_DIR=$PWD/bad; ctsh show conntrack table ipv4; ctsh 'show conntrack statistics | json' | jq -c '.cpus[0] | {insert, insert_failed}'
  Entries not found
  {"insert":0,"insert_failed":0}

$ : > empty.txt; export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table empty.txt
  Loaded no entries: empty.txt holds none

$ export CTSH_CONFIG_DIR=$PWD/bad; ctsh simulate table

    Incomplete command: simulate table
  [1]

