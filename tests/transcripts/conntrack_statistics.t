# `show conntrack table statistics` (usage, hash chains, memory beside the kernel's, entries per
# protocol, TCP state and top source; a warning from 80 % usage) and `show conntrack statistics` (every
# counter, named, one row per CPU); each as text, `| json` and `| prometheus` (node_exporter's names).
$ ctsh show conntrack table statistics
  Entries:        0 of 262144 (0.0 %), peak 0
  Hash buckets:   32768, 0 used; chains of 0.00 links on average in a used bucket, 0 at most (each entry is linked once per direction)
  Expectations:   0 of 2048
  Memory in use:  131072 bytes; the kernel would need 262144 bytes for the same entries (256 B per entry, 8 B per bucket)

$ ctsh show conntrack statistics
  CPU    found    invalid    insert    insert_failed    drop    early_drop    error    search_restart    clash_resolve    chaintoolong
  -----  -------  ---------  --------  ---------------  ------  ------------  -------  ----------------  ---------------  --------------
  0      0        0          0         0                0       0             0        0                 0                0

  CPU    expect_new    expect_create    expect_delete
  -----  ------------  ---------------  ---------------
  0      0             0                0

  CPU    new    destroyed    expired
  -----  -----  -----------  ---------
  0      0      0            0

  CPU    raw_dropped    raw_rejected    packets    not_ip
  -----  -------------  --------------  ---------  --------
  0      0              0               0          0

  CPU    packets_invalid    packets_new    packets_established    packets_related    packets_untracked
  -----  -----------------  -------------  ---------------------  -----------------  -------------------
  0      0                  0              0                      0                  0

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

$ ctsh show conntrack table statistics
  Entries:        6 of 262144 (0.0 %), peak 6
  Hash buckets:   32768, 12 used; chains of 1.00 links on average in a used bucket, 1 at most (each entry is linked once per direction)
  Expectations:   0 of 2048
  Memory in use:  147456 bytes; the kernel would need 263680 bytes for the same entries (256 B per entry, 8 B per bucket)

  Protocol    Entries
  ----------  ---------
  tcp         3
  udp         2
  icmp        1

  TCP state    Entries
  -----------  ---------
  SYN_SENT     1
  ESTABLISHED  1
  TIME_WAIT    1

  Top source    Entries
  ------------  ---------
  10.0.0.1      5
  2001:db8::1   1

$ ctsh 'show conntrack table statistics | json'
  {"entries":6,"limit":262144,"usage_percent":0.002288818359375,"peak_entries":6,"buckets":32768,"buckets_used":12,"average_chain":1.0,"longest_chain":1,"expectations":0,"expectation_limit":2048,"memory_bytes":147456,"kernel_memory_bytes":263680,"by_protocol":{"tcp":3,"udp":2,"icmp":1},"by_tcp_state":{"SYN_SENT":1,"SYN_RECV":0,"ESTABLISHED":1,"FIN_WAIT":0,"CLOSE_WAIT":0,"LAST_ACK":0,"TIME_WAIT":1,"CLOSE":0,"SYN_SENT2":0},"top_sources":[{"source":"10.0.0.1","entries":5},{"source":"2001:db8::1","entries":1}],"counters":{"found":0,"invalid":0,"insert":0,"insert_failed":0,"drop":0,"early_drop":0,"error":0,"search_restart":0,"clash_resolve":0,"chaintoolong":0,"expect_new":0,"expect_create":0,"expect_delete":0,"new":7,"destroyed":1,"expired":0,"raw_dropped":0,"raw_rejected":0,"packets":19,"not_ip":0,"packets_invalid":0,"packets_new":7,"packets_established":12,"packets_related":0,"packets_untracked":0}}

$ ctsh 'show conntrack table statistics | prometheus'
  # HELP node_nf_conntrack_entries Number of currently allocated flow entries for connection tracking.
  # TYPE node_nf_conntrack_entries gauge
  node_nf_conntrack_entries 6
  # HELP node_nf_conntrack_entries_limit Maximum size of connection tracking table.
  # TYPE node_nf_conntrack_entries_limit gauge
  node_nf_conntrack_entries_limit 262144
  # HELP node_nf_conntrack_stat_found Number of searched entries which were successful.
  # TYPE node_nf_conntrack_stat_found gauge
  node_nf_conntrack_stat_found 0
  # HELP node_nf_conntrack_stat_invalid Number of packets seen which can not be tracked.
  # TYPE node_nf_conntrack_stat_invalid gauge
  node_nf_conntrack_stat_invalid 0
  # HELP node_nf_conntrack_stat_ignore Number of packets seen which are already connected to a conntrack entry.
  # TYPE node_nf_conntrack_stat_ignore gauge
  node_nf_conntrack_stat_ignore 0
  # HELP node_nf_conntrack_stat_insert Number of entries inserted into the list.
  # TYPE node_nf_conntrack_stat_insert gauge
  node_nf_conntrack_stat_insert 0
  # HELP node_nf_conntrack_stat_insert_failed Number of entries for which list insertion was attempted but failed.
  # TYPE node_nf_conntrack_stat_insert_failed gauge
  node_nf_conntrack_stat_insert_failed 0
  # HELP node_nf_conntrack_stat_drop Number of packets dropped due to conntrack failure.
  # TYPE node_nf_conntrack_stat_drop gauge
  node_nf_conntrack_stat_drop 0
  # HELP node_nf_conntrack_stat_early_drop Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.
  # TYPE node_nf_conntrack_stat_early_drop gauge
  node_nf_conntrack_stat_early_drop 0
  # HELP node_nf_conntrack_stat_search_restart Number of conntrack table lookups which had to be restarted due to hashtable resizes.
  # TYPE node_nf_conntrack_stat_search_restart gauge
  node_nf_conntrack_stat_search_restart 0
  # HELP ctsh_conntrack_peak_entries Most entries the table has held.
  # TYPE ctsh_conntrack_peak_entries gauge
  ctsh_conntrack_peak_entries 6
  # HELP ctsh_conntrack_buckets Hash buckets of the table (hash-size).
  # TYPE ctsh_conntrack_buckets gauge
  ctsh_conntrack_buckets 32768
  # HELP ctsh_conntrack_buckets_used Hash buckets holding at least one entry link.
  # TYPE ctsh_conntrack_buckets_used gauge
  ctsh_conntrack_buckets_used 12
  # HELP ctsh_conntrack_chain_length_average Links per used hash bucket (each entry is linked once per direction).
  # TYPE ctsh_conntrack_chain_length_average gauge
  ctsh_conntrack_chain_length_average 1
  # HELP ctsh_conntrack_chain_length_max Links in the fullest hash bucket.
  # TYPE ctsh_conntrack_chain_length_max gauge
  ctsh_conntrack_chain_length_max 1
  # HELP ctsh_conntrack_expectations Expectations in the expectation table.
  # TYPE ctsh_conntrack_expectations gauge
  ctsh_conntrack_expectations 0
  # HELP ctsh_conntrack_expectations_limit Maximum size of the expectation table (expect-table-size).
  # TYPE ctsh_conntrack_expectations_limit gauge
  ctsh_conntrack_expectations_limit 2048
  # HELP ctsh_conntrack_memory_bytes Memory the engine uses for the table.
  # TYPE ctsh_conntrack_memory_bytes gauge
  ctsh_conntrack_memory_bytes 147456
  # HELP ctsh_conntrack_kernel_memory_bytes Memory the Linux kernel would need for the same entries and buckets.
  # TYPE ctsh_conntrack_kernel_memory_bytes gauge
  ctsh_conntrack_kernel_memory_bytes 263680
  # HELP ctsh_conntrack_entries_by_protocol Entries by IP protocol.
  # TYPE ctsh_conntrack_entries_by_protocol gauge
  ctsh_conntrack_entries_by_protocol{protocol="icmp"} 1
  ctsh_conntrack_entries_by_protocol{protocol="tcp"} 3
  ctsh_conntrack_entries_by_protocol{protocol="udp"} 2
  # HELP ctsh_conntrack_entries_by_tcp_state TCP entries by state.
  # TYPE ctsh_conntrack_entries_by_tcp_state gauge
  ctsh_conntrack_entries_by_tcp_state{state="SYN_SENT"} 1
  ctsh_conntrack_entries_by_tcp_state{state="SYN_RECV"} 0
  ctsh_conntrack_entries_by_tcp_state{state="ESTABLISHED"} 1
  ctsh_conntrack_entries_by_tcp_state{state="FIN_WAIT"} 0
  ctsh_conntrack_entries_by_tcp_state{state="CLOSE_WAIT"} 0
  ctsh_conntrack_entries_by_tcp_state{state="LAST_ACK"} 0
  ctsh_conntrack_entries_by_tcp_state{state="TIME_WAIT"} 1
  ctsh_conntrack_entries_by_tcp_state{state="CLOSE"} 0
  ctsh_conntrack_entries_by_tcp_state{state="SYN_SENT2"} 0
  # HELP ctsh_conntrack_top_source_entries Entries of the original sources with the most entries.
  # TYPE ctsh_conntrack_top_source_entries gauge
  ctsh_conntrack_top_source_entries{source="10.0.0.1"} 5
  ctsh_conntrack_top_source_entries{source="2001:db8::1"} 1

$ ctsh show conntrack statistics
  CPU    found    invalid    insert    insert_failed    drop    early_drop    error    search_restart    clash_resolve    chaintoolong
  -----  -------  ---------  --------  ---------------  ------  ------------  -------  ----------------  ---------------  --------------
  0      0        0          0         0                0       0             0        0                 0                0

  CPU    expect_new    expect_create    expect_delete
  -----  ------------  ---------------  ---------------
  0      0             0                0

  CPU    new    destroyed    expired
  -----  -----  -----------  ---------
  0      7      1            0

  CPU    raw_dropped    raw_rejected    packets    not_ip
  -----  -------------  --------------  ---------  --------
  0      0              0               19         0

  CPU    packets_invalid    packets_new    packets_established    packets_related    packets_untracked
  -----  -----------------  -------------  ---------------------  -----------------  -------------------
  0      0                  7              12                     0                  0

$ ctsh 'show conntrack statistics | json'
  {"cpus":[{"cpu":0,"found":0,"invalid":0,"insert":0,"insert_failed":0,"drop":0,"early_drop":0,"error":0,"search_restart":0,"clash_resolve":0,"chaintoolong":0,"expect_new":0,"expect_create":0,"expect_delete":0,"new":7,"destroyed":1,"expired":0,"raw_dropped":0,"raw_rejected":0,"packets":19,"not_ip":0,"packets_invalid":0,"packets_new":7,"packets_established":12,"packets_related":0,"packets_untracked":0}]}

$ ctsh 'show conntrack statistics | prometheus'
  # HELP node_nf_conntrack_entries Number of currently allocated flow entries for connection tracking.
  # TYPE node_nf_conntrack_entries gauge
  node_nf_conntrack_entries 6
  # HELP node_nf_conntrack_entries_limit Maximum size of connection tracking table.
  # TYPE node_nf_conntrack_entries_limit gauge
  node_nf_conntrack_entries_limit 262144
  # HELP node_nf_conntrack_stat_found Number of searched entries which were successful.
  # TYPE node_nf_conntrack_stat_found gauge
  node_nf_conntrack_stat_found 0
  # HELP node_nf_conntrack_stat_invalid Number of packets seen which can not be tracked.
  # TYPE node_nf_conntrack_stat_invalid gauge
  node_nf_conntrack_stat_invalid 0
  # HELP node_nf_conntrack_stat_ignore Number of packets seen which are already connected to a conntrack entry.
  # TYPE node_nf_conntrack_stat_ignore gauge
  node_nf_conntrack_stat_ignore 0
  # HELP node_nf_conntrack_stat_insert Number of entries inserted into the list.
  # TYPE node_nf_conntrack_stat_insert gauge
  node_nf_conntrack_stat_insert 0
  # HELP node_nf_conntrack_stat_insert_failed Number of entries for which list insertion was attempted but failed.
  # TYPE node_nf_conntrack_stat_insert_failed gauge
  node_nf_conntrack_stat_insert_failed 0
  # HELP node_nf_conntrack_stat_drop Number of packets dropped due to conntrack failure.
  # TYPE node_nf_conntrack_stat_drop gauge
  node_nf_conntrack_stat_drop 0
  # HELP node_nf_conntrack_stat_early_drop Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.
  # TYPE node_nf_conntrack_stat_early_drop gauge
  node_nf_conntrack_stat_early_drop 0
  # HELP node_nf_conntrack_stat_search_restart Number of conntrack table lookups which had to be restarted due to hashtable resizes.
  # TYPE node_nf_conntrack_stat_search_restart gauge
  node_nf_conntrack_stat_search_restart 0
  # HELP ctsh_conntrack_error_total ICMP and ICMPv6 errors that matched no entry.
  # TYPE ctsh_conntrack_error_total counter
  ctsh_conntrack_error_total 0
  # HELP ctsh_conntrack_clash_resolve_total Insertion clashes resolved (parallel confirmation; the engine has none).
  # TYPE ctsh_conntrack_clash_resolve_total counter
  ctsh_conntrack_clash_resolve_total 0
  # HELP ctsh_conntrack_chaintoolong_total Insertions refused because the hash chain was too long.
  # TYPE ctsh_conntrack_chaintoolong_total counter
  ctsh_conntrack_chaintoolong_total 0
  # HELP ctsh_conntrack_expect_new_total Connections created from an expectation.
  # TYPE ctsh_conntrack_expect_new_total counter
  ctsh_conntrack_expect_new_total 0
  # HELP ctsh_conntrack_expect_create_total Expectations created by helpers.
  # TYPE ctsh_conntrack_expect_create_total counter
  ctsh_conntrack_expect_create_total 0
  # HELP ctsh_conntrack_expect_delete_total Expectations removed.
  # TYPE ctsh_conntrack_expect_delete_total counter
  ctsh_conntrack_expect_delete_total 0
  # HELP ctsh_conntrack_new_total Entries created.
  # TYPE ctsh_conntrack_new_total counter
  ctsh_conntrack_new_total 7
  # HELP ctsh_conntrack_destroyed_total Entries removed for any reason (timeout, early drop, RST, delete).
  # TYPE ctsh_conntrack_destroyed_total counter
  ctsh_conntrack_destroyed_total 1
  # HELP ctsh_conntrack_expired_total Entries removed by their timeout.
  # TYPE ctsh_conntrack_expired_total counter
  ctsh_conntrack_expired_total 0
  # HELP ctsh_conntrack_raw_dropped_total Packets discarded by a raw drop rule.
  # TYPE ctsh_conntrack_raw_dropped_total counter
  ctsh_conntrack_raw_dropped_total 0
  # HELP ctsh_conntrack_raw_rejected_total Packets discarded by a raw reject rule.
  # TYPE ctsh_conntrack_raw_rejected_total counter
  ctsh_conntrack_raw_rejected_total 0
  # HELP ctsh_conntrack_packets_total Frames given to the engine.
  # TYPE ctsh_conntrack_packets_total counter
  ctsh_conntrack_packets_total 19
  # HELP ctsh_conntrack_not_ip_total Frames that carried no IPv4 or IPv6 packet.
  # TYPE ctsh_conntrack_not_ip_total counter
  ctsh_conntrack_not_ip_total 0
  # HELP ctsh_conntrack_packets_by_state_total Packets by the ct state they were given.
  # TYPE ctsh_conntrack_packets_by_state_total counter
  ctsh_conntrack_packets_by_state_total{state="invalid"} 0
  ctsh_conntrack_packets_by_state_total{state="new"} 7
  ctsh_conntrack_packets_by_state_total{state="established"} 12
  ctsh_conntrack_packets_by_state_total{state="related"} 0
  ctsh_conntrack_packets_by_state_total{state="untracked"} 0

# An alert rule written for node_exporter finds its metrics in either view.
$ ctsh 'show conntrack statistics | prometheus | match "^node_nf_conntrack_(entries|entries_limit|stat_early_drop) "'
  node_nf_conntrack_entries 6
  node_nf_conntrack_entries_limit 262144
  node_nf_conntrack_stat_early_drop 0

$ ctsh 'show conntrack table statistics | prometheus | count'
  77

$ ctsh 'show conntrack statistics | conntrack'

    '| conntrack' is not available for this command
  [1]

# From 80 % usage on, a warning comes first; with flow-accounting the kernel needs 384 B per entry.
$ ctsh -c 'configure; set system conntrack table-size 7; set system conntrack flow-accounting; commit'

$ ctsh show conntrack table statistics | head -5
  WARNING: the table is 85.7 % full; when it is full, new flows early-drop unassured entries or are dropped: raise system conntrack table-size (and hash-size)

  Entries:        6 of 7 (85.7 %), peak 6
  Hash buckets:   32768, 12 used; chains of 1.00 links on average in a used bucket, 1 at most (each entry is linked once per direction)
  Expectations:   0 of 2048

$ ctsh 'show conntrack table statistics | match ^Memory'
  Memory in use:  151552 bytes; the kernel would need 264448 bytes for the same entries (384 B per entry with flow-accounting, 8 B per bucket)

$ ctsh 'show conntrack table statistics | match ^WARNING | count'
  1

