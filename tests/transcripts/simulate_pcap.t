# simulate pcap FILE [speed max|realtime|N] [loop N] [interface NAME]: every run ends with a summary
# (wall time is CTSH_TEST_WALL_TIME's 0.5 s here); each pass of a loop continues from the engine clock.
$ sample_capture sample.pcap

$ ctsh simulate pcap sample.pcap speed max
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

$ ctsh simulate pcap sample.pcap loop 3
  Packets:         57 (2979 bytes)
  ct states:       new 12, established 45, related 0, invalid 0, untracked 0
  Simulated time:  0.540 s
  Wall time:       0.500 s (114 packets/s)
  New flows:       6
  Peak entries:    7 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          147456 bytes

$ ctsh 'simulate pcap sample.pcap | json'
  {"packets":19,"bytes":993,"simulated_seconds":0.18,"wall_seconds":0.5,"packets_per_second":38,"new_flows":2,"peak_entries":7,"table_size":262144,"peak_usage_percent":0.0026702880859375,"drops":0,"early_drops":0,"invalid":0,"memory_bytes":147456,"packets_by_state":{"invalid":0,"new":4,"established":15,"related":0,"untracked":0}}

# Paced replays take the capture's own time on the wall clock (0.18 s here), divided by the speed.
$ start=$(date +%s%N); ctsh simulate pcap sample.pcap speed realtime > /dev/null; end=$(date +%s%N); [ $((end - start)) -ge 180000000 ] && echo paced
  paced

$ start=$(date +%s%N); ctsh simulate pcap sample.pcap speed 0.5 loop 2 > /dev/null; end=$(date +%s%N); [ $((end - start)) -ge 720000000 ] && echo paced
  paced

# A progress bar on standard error when it is a terminal (after half a second), none otherwise.
$ workload_capture slow.pcap syn-flood 10 3

$ ctsh simulate pcap slow.pcap speed 2 2>&1 > /dev/null | wc -c
  0

$ script -qec 'ctsh simulate pcap slow.pcap speed 2 > /dev/null' /dev/null | tr '\r' '\n' | grep -q '%  [0-9]* packets' && echo bar
  bar

# Ctrl-C stops a run after its current batch: the summary, a message, status 1, and the table keeps
# what went through.
$ ctsh reset conntrack force; timeout --preserve-status -s INT 0.8 ctsh simulate pcap slow.pcap speed realtime 2>&1 | grep -E 'Interrupted|Packets' | sed 's/[0-9][0-9]*/N/g'; echo "status ${PIPESTATUS[0]}"
  Connection tracking table has been emptied: 36 entries and 0 expectations removed
  Packets:         N (N bytes)
    Interrupted by Ctrl-C after N packets; what went through the engine stays
  status 1

$ [ "$(ctsh 'show conntrack table ipv4 | count')" -gt 2 ] && echo kept
  kept

# Bad values are refused with a message naming them; nothing is replayed.
$ ctsh simulate pcap sample.pcap speed fast

    speed "fast" is not max, realtime or a number (e.g. 2 or 0.5)
  [1]

$ ctsh simulate pcap sample.pcap speed 0

    speed 0 is out of range: give 0.01 to 1000 times capture speed
  [1]

$ ctsh simulate pcap sample.pcap speed 5000

    speed 5000 is out of range: give 0.01 to 1000 times capture speed
  [1]

$ ctsh simulate pcap sample.pcap speed -2

    speed "-2" is not max, realtime or a number (e.g. 2 or 0.5)
  [1]

$ ctsh simulate pcap sample.pcap loop 0

    loop 0 is out of range: give 1 to 10000 passes
  [1]

$ ctsh simulate pcap sample.pcap loop 10001

    loop 10001 is out of range: give 1 to 10000 passes
  [1]

$ ctsh simulate pcap sample.pcap loop two

    loop "two" is not a whole number (0 to 18446744073709551615)
  [1]

$ ctsh simulate pcap sample.pcap loop

    Incomplete command: simulate pcap sample.pcap loop
  [1]

$ ctsh simulate pcap sample.pcap loop 2 loop 3

    Invalid command: simulate pcap sample.pcap loop 2 [loop]
  [1]

$ ctsh simulate pcap sample.pcap speed

    Incomplete command: simulate pcap sample.pcap speed
  [1]

# Damaged captures: what came before the damage is replayed and stays; the byte offset and the reason
# are named; status 1. A file that is no capture at all replays nothing.
$ ctsh reset conntrack force > /dev/null; head -c 200 sample.pcap > truncated.pcap; ctsh simulate pcap truncated.pcap loop 3
  Packets:         2 (108 bytes)
  ct states:       new 1, established 1, related 0, invalid 0, untracked 0
  Simulated time:  0.010 s
  Wall time:       0.500 s (4 packets/s)
  New flows:       1
  Peak entries:    1 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         0
  Memory:          143360 bytes

    truncated.pcap is damaged at byte 164: truncated dump file; tried to read 54 captured bytes, only got 20; the 2 packets before it were replayed
  [1]

$ ctsh 'show conntrack table ipv4 | count'
  3

$ printf 'GIF89a...' > picture.pcap; ctsh simulate pcap picture.pcap

    picture.pcap: not a pcap or pcapng file (magic number 0x47494638)
  [1]

$ : > empty.pcap; ctsh simulate pcap empty.pcap

    empty.pcap: empty file
  [1]

$ head -c 20 sample.pcap > header-only.pcap; ctsh simulate pcap header-only.pcap

    header-only.pcap: truncated dump file; tried to read 24 file header bytes, only got 16
  [1]

$ ctsh simulate pcap .

    .: cannot read it: Is a directory
  [1]

# Malformed packets inside a good file are traffic: counted (invalid), status 0. Here the first SYN's
# IPv4 header claims 60 bytes of header (IHL 15).
$ ctsh reset conntrack force > /dev/null; workload_capture flood.pcap syn-flood 5 1; printf '\x4f' | dd of=flood.pcap bs=1 seek=54 conv=notrunc status=none; ctsh simulate pcap flood.pcap
  Packets:         5 (270 bytes)
  ct states:       new 4, established 0, related 0, invalid 1, untracked 0
  Simulated time:  0.800 s
  Wall time:       0.500 s (10 packets/s)
  New flows:       4
  Peak entries:    4 of 262144 (0.0 %)
  Drops:           0
  Early drops:     0
  Invalid:         1
  Memory:          143360 bytes

