# `monitor conntrack` prints the engine's events in `conntrack -E -o timestamp` format (the engine
# clock's time): with `-- OP-COMMAND`, the events that command causes, as they happen, until it ends;
# without, the changes other ctsh invocations make, until Ctrl-C.
$ sample_capture sample.pcap

$ ctsh monitor conntrack -- simulate pcap sample.pcap
  [1700000000.010000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000
  [1700000000.020000]	 [UPDATE] tcp      6 60 SYN_RECV src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000
  [1700000000.030000]	 [UPDATE] tcp      6 432000 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED]
  [1700000000.060000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001
  [1700000000.070000]	 [UPDATE] tcp      6 60 SYN_RECV src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001
  [1700000000.080000]	 [UPDATE] tcp      6 432000 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000000.090000]	 [UPDATE] tcp      6 120 FIN_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000000.100000]	 [UPDATE] tcp      6 30 LAST_ACK src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000000.110000]	 [UPDATE] tcp      6 120 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000000.120000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40002 dport=81 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=81 dport=40002
  [1700000000.130000]	[DESTROY] tcp      6 119 CLOSE src=10.0.0.1 dst=10.0.0.2 sport=40002 dport=81 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=81 dport=40002
  [1700000000.140000]	    [NEW] udp      17 30 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 [UNREPLIED] src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353
  [1700000000.150000]	 [UPDATE] udp      17 30 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353
  [1700000000.160000]	    [NEW] udp      17 30 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000
  [1700000000.170000]	    [NEW] icmp     1 30 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 [UNREPLIED] src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
  [1700000000.180000]	 [UPDATE] icmp     1 30 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
  [1700000000.190000]	    [NEW] tcp      6 120 SYN_SENT src=2001:db8::1 dst=2001:db8::2 sport=1111 dport=443 [UNREPLIED] src=2001:db8::2 dst=2001:db8::1 sport=443 dport=1111
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
  17 flow events have been shown.

$ ctsh monitor conntrack events destroy -- simulate idle 30.5
  [1700000030.690000]	[DESTROY] udp      17 0 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353
  [1700000030.690000]	[DESTROY] udp      17 0 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000
  [1700000030.690000]	[DESTROY] icmp     1 0 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
  Simulated time:  30.500 s
  Expired:         3 entries
  Entries:         3 of 262144 (0.0 %)
  3 flow events have been shown.

$ ctsh monitor conntrack events new,DESTROY -- simulate pcap sample.pcap
  [1700000030.740000]	[DESTROY] tcp      6 89 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000030.740000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001
  [1700000030.800000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40002 dport=81 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=81 dport=40002
  [1700000030.810000]	[DESTROY] tcp      6 119 CLOSE src=10.0.0.1 dst=10.0.0.2 sport=40002 dport=81 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=81 dport=40002
  [1700000030.820000]	    [NEW] udp      17 30 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 [UNREPLIED] src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353
  [1700000030.840000]	    [NEW] udp      17 30 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000
  [1700000030.850000]	    [NEW] icmp     1 30 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 [UNREPLIED] src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
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
  7 flow events have been shown.

$ ctsh monitor conntrack events update -- simulate pcap sample.pcap '|' match ESTABLISHED
  [1700000030.890000]	 [UPDATE] tcp      6 432000 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED]
  [1700000030.940000]	 [UPDATE] tcp      6 432000 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  7 flow events have been shown.

# The same in the shell: from a script, from standard input, on a terminal, and through `run`.
$ ctsh -c 'monitor conntrack events new -- simulate pcap sample.pcap; show conntrack table ipv4 | count'
  [1700000031.100000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001
  [1700000031.160000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40002 dport=81 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=81 dport=40002
  Packets:         19 (993 bytes)
  ct states:       new 4, established 15, related 0, invalid 0, untracked 0
  Simulated time:  0.180 s
  Wall time:       0.500 s (38 packets/s)
  New flows:       2
  Peak entries:    7 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          147456 bytes
  2 flow events have been shown.
  7

$ echo 'monitor conntrack events destroy -- simulate idle 130' | ctsh
  [1700000161.230000]	[DESTROY] udp      17 0 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353
  [1700000161.230000]	[DESTROY] udp      17 0 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000
  [1700000161.230000]	[DESTROY] icmp     1 0 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
  [1700000161.230000]	[DESTROY] tcp      6 0 SYN_SENT src=2001:db8::1 dst=2001:db8::2 sport=1111 dport=443 [UNREPLIED] src=2001:db8::2 dst=2001:db8::1 sport=443 dport=1111
  [1700000161.230000]	[DESTROY] tcp      6 0 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  Simulated time:  130.000 s
  Expired:         5 entries
  Entries:         1 of 262144 (0.0 %)
  5 flow events have been shown.

$ printf 'monitor conntrack -- simulate idle 432000\nexit\n' | CTSH_TEST_TERMINAL=1 ctsh
  tester@vyos:~$ monitor conntrack -- simulate idle 432000
  [1700432161.230000]	[DESTROY] tcp      6 0 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED]
  Simulated time:  432000.000 s
  Expired:         1 entry
  Entries:         0 of 262144 (0.0 %)
  1 flow events have been shown.
  tester@vyos:~$ exit

$ ctsh -c 'configure; run monitor conntrack -- simulate pcap sample.pcap | count'
  27
  17 flow events have been shown.

# Loading a table shows NEW events for its entries.
$ (ctsh 'show conntrack table ipv4 | conntrack') > saved.txt; CTSH_CONFIG_DIR=$PWD/other ctsh monitor conntrack -- simulate table saved.txt
  [00000000.000000]	    [NEW] icmp     1 29 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
  [00000000.000000]	    [NEW] tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED]
  [00000000.000000]	    [NEW] tcp      6 119 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [00000000.000000]	    [NEW] udp      17 29 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000
  [00000000.000000]	    [NEW] udp      17 29 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353
  Loaded 5 of 5 entries from saved.txt (conntrack -L format): icmp 1, tcp 2, udp 2
  5 flow events have been shown.

# The command's own failure is the monitor's (exit 1), after the events it caused.
$ head -c 600 sample.pcap > damaged.pcap; CTSH_CONFIG_DIR=$PWD/third ctsh monitor conntrack events new -- simulate pcap damaged.pcap
  [1700000000.010000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000
  [1700000000.060000]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001
  Packets:         8 (439 bytes)
  ct states:       new 2, established 6, related 0, invalid 0, untracked 0
  Simulated time:  0.070 s
  Wall time:       0.500 s (16 packets/s)
  New flows:       2
  Peak entries:    2 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          143360 bytes

    damaged.pcap is damaged at byte 591: truncated dump file; tried to read 16 header bytes, only got 9; the 8 packets before it were replayed

  2 flow events have been shown.
  [1]

# Bad input.
$ ctsh monitor conntrack events bogus -- simulate idle 1

    Invalid events "bogus": give new, update, destroy or all, one or a comma list (e.g. new,destroy)
  [1]

$ ctsh monitor conntrack events new, -- simulate idle 1

    Invalid events "new,": give new, update, destroy or all, one or a comma list (e.g. new,destroy)
  [1]

$ ctsh monitor conntrack --

    Incomplete command: monitor conntrack --
  [1]

$ ctsh monitor conntrack -- bogus command

    Invalid command: [bogus]

  0 flow events have been shown.
  [1]

$ ctsh monitor conntrack -- monitor conntrack -- simulate idle 1

    The command after -- cannot be another monitor
  [1]

$ ctsh show conntrack table ipv4 -- simulate idle 1

    Invalid command: show conntrack table ipv4 [--]
  [1]

$ ctsh monitor conntrack events

    Incomplete command: monitor conntrack events
  [1]

$ ctsh monitor bogus

    Invalid command: monitor [bogus]
  [1]

# Without a command: the changes other ctsh commands make, found by comparing the engine's snapshot
# after each change (NEW, UPDATE, DESTROY; what came and went between two looks is not seen), until
# Ctrl-C (here SIGINT).
$ export CTSH_CONFIG_DIR=$PWD/watch; ctsh monitor conntrack > watched.txt 2> watch-notes.txt & watcher=$!
> trap 'kill -INT $watcher 2>/dev/null' EXIT TERM
> lines() { for i in $(seq 300); do [ "$(wc -l < watched.txt)" -ge $1 ] && return; sleep 0.1; done; }
> for i in $(seq 300); do grep -q Watching watch-notes.txt && break; sleep 0.1; done
> ctsh simulate pcap sample.pcap > /dev/null; lines 6
> ctsh simulate idle 2; ctsh simulate pcap sample.pcap > /dev/null; lines 9
> ctsh simulate idle 100; lines 11
> kill -INT $watcher; wait $watcher; echo "exit $?"; cat watched.txt watch-notes.txt
  Simulated time:  2.000 s
  Expired:         0 entries
  Entries:         6 of 262144 (0.0 %)
  Simulated time:  100.000 s
  Expired:         2 entries
  Entries:         4 of 262144 (0.0 %)
  exit 0
  [1700000000.190000]	    [NEW] icmp     1 29 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
  [1700000000.190000]	    [NEW] tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED]
  [1700000000.190000]	    [NEW] tcp      6 119 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000000.190000]	    [NEW] udp      17 29 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000
  [1700000000.190000]	    [NEW] udp      17 29 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353
  [1700000000.190000]	    [NEW] tcp      6 120 SYN_SENT src=2001:db8::1 dst=2001:db8::2 sport=1111 dport=443 [UNREPLIED] src=2001:db8::2 dst=2001:db8::1 sport=443 dport=1111
  [1700000002.370000]	    [NEW] tcp      6 119 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000002.370000]	 [UPDATE] udp      17 179 src=10.0.0.1 dst=10.0.0.3 sport=5353 dport=53 src=10.0.0.3 dst=10.0.0.1 sport=53 dport=5353 [ASSURED]
  [1700000002.370000]	[DESTROY] tcp      6 0 TIME_WAIT src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED]
  [1700000102.370000]	[DESTROY] icmp     1 0 src=10.0.0.1 dst=10.0.0.5 type=8 code=0 id=4660 src=10.0.0.5 dst=10.0.0.1 type=0 code=0 id=4660
  [1700000102.370000]	[DESTROY] udp      17 0 src=10.0.0.1 dst=10.0.0.4 sport=5000 dport=9999 [UNREPLIED] src=10.0.0.4 dst=10.0.0.1 sport=9999 dport=5000
  Watching the engine table for changes by other ctsh commands (Ctrl-C to stop)
  11 flow events have been shown.

