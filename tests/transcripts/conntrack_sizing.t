# `show conntrack sizing users N connections-per-user M [headroom PCT] [memory GIB]`: the rule of thumb
# computed and explained, beside the kernel's choices, with memory for the kernel and for the engine; `| json`.
$ ctsh show conntrack sizing users 100 connections-per-user 50 memory 8
  Concurrent connections:  5000 = 100 users x 50 connections
  table-size:              7500 = 5000 x (1 + 50 % headroom), rounded up
  hash-size:               1875 = table-size / 4, the common operators' rule (a full table has chains of 8 links)
    the kernel's ratio:    7500 = table-size, one bucket per entry, as the kernel sizes its own table (chains of 2 links)
    the kernel by itself:  262144 = hash-size and table-size it picks with 8 GiB of RAM (RAM / 128 KiB, but 2^16 above 1 GiB and 2^18 above 4 GiB; at least 1024)

  Memory with the table full (table-size entries, hash-size buckets):
    Linux kernel:          1935000 bytes = 7500 x 256 B per entry + 1875 x 8 B per bucket
    ctsh engine:           847500 bytes = 7500 x 112 B per entry + 1875 x 4 B per bucket (IPv6 flows: 32 B more per entry)

  Valid ranges: table-size 1-50000000, hash-size 1-50000000.
  To apply:     set system conntrack table-size 7500
                set system conntrack hash-size 1875

  The rule counts concurrent connections only. `simulate workload gateway users 100 connections-per-user 50` answers better: it measures the TIME_WAIT entries that closed connections leave behind and the idle flows that wait for their timeout.

$ ctsh show conntrack sizing users 1000 connections-per-user 200 headroom 0 memory 1
  Concurrent connections:  200000 = 1000 users x 200 connections
  table-size:              200000 = 200000 x (1 + 0 % headroom), rounded up
  hash-size:               50000 = table-size / 4, the common operators' rule (a full table has chains of 8 links)
    the kernel's ratio:    200000 = table-size, one bucket per entry, as the kernel sizes its own table (chains of 2 links)
    the kernel by itself:  8192 = hash-size and table-size it picks with 1 GiB of RAM (RAM / 128 KiB, but 2^16 above 1 GiB and 2^18 above 4 GiB; at least 1024)

  Memory with the table full (table-size entries, hash-size buckets):
    Linux kernel:          51600000 bytes = 200000 x 256 B per entry + 50000 x 8 B per bucket
    ctsh engine:           22600000 bytes = 200000 x 112 B per entry + 50000 x 4 B per bucket (IPv6 flows: 32 B more per entry)

  Valid ranges: table-size 1-50000000, hash-size 1-50000000.
  To apply:     set system conntrack table-size 200000
                set system conntrack hash-size 50000

  The rule counts concurrent connections only. `simulate workload gateway users 1000 connections-per-user 200` answers better: it measures the TIME_WAIT entries that closed connections leave behind and the idle flows that wait for their timeout.

# The kernel's own sizing follows the gateway's RAM (this machine's unless `memory` is given).
$ ctsh 'show conntrack sizing users 1 connections-per-user 1 memory 2 | match "kernel by itself"'
    the kernel by itself:  65536 = hash-size and table-size it picks with 2 GiB of RAM (RAM / 128 KiB, but 2^16 above 1 GiB and 2^18 above 4 GiB; at least 1024)

$ ctsh 'show conntrack sizing users 1 connections-per-user 1 | match "this machine" | count'
  1

$ ctsh 'show conntrack sizing users 100 connections-per-user 50 headroom 20 memory 16 | json'
  {"users":100,"connections_per_user":50,"headroom_percent":20,"concurrent_connections":5000,"table_size":6000,"hash_size":1500,"kernel_hash_size":6000,"ram_bytes":17179869184,"kernel_default_hash_size":262144,"flow_accounting":false,"kernel_memory_bytes":1548000,"engine_memory_bytes":678000,"table_size_range":[1,50000000],"hash_size_range":[1,50000000]}

$ ctsh 'show conntrack sizing connections-per-user 3 users 7 | match "^(table|hash)-size"'
  table-size:              32 = 21 x (1 + 50 % headroom), rounded up
  hash-size:               8 = table-size / 4, the common operators' rule (a full table has chains of 8 links)

# With flow-accounting the kernel needs 384 B per entry and the engine its counters.
$ ctsh -c 'configure; set system conntrack flow-accounting; commit'

$ ctsh 'show conntrack sizing users 10 connections-per-user 10 | match bytes'
    Linux kernel:          57904 bytes = 150 x 384 B per entry (flow-accounting) + 38 x 8 B per bucket
    ctsh engine:           21752 bytes = 150 x 144 B per entry (flow-accounting) + 38 x 4 B per bucket (IPv6 flows: 32 B more per entry)

# More than the largest table-size: said so.
$ ctsh 'show conntrack sizing users 50000000 connections-per-user 2 | match "^(table|hash)-size"'
  table-size:              150000000 = 100000000 x (1 + 50 % headroom), rounded up  (above the largest table-size 50000000: this many entries need several gateways)
  hash-size:               37500000 = table-size / 4, the common operators' rule (a full table has chains of 8 links)

# Bad input: what is missing or wrong, exit status 1.
$ ctsh show conntrack sizing users 100

    Incomplete command: show conntrack sizing users 100: connections-per-user <M> is required
  [1]

$ ctsh show conntrack sizing connections-per-user 100

    Incomplete command: show conntrack sizing connections-per-user 100: users <N> is required
  [1]

$ ctsh show conntrack sizing

    Incomplete command: show conntrack sizing: connections-per-user <M> is required
  [1]

$ ctsh show conntrack sizing users 0 connections-per-user 5

    users: "0" is not a number of users: give a whole number from 1 to 50000000
  [1]

$ ctsh show conntrack sizing users ten connections-per-user 5

    users: "ten" is not a number of users: give a whole number from 1 to 50000000
  [1]

$ ctsh show conntrack sizing users 10 connections-per-user 50000001

    connections-per-user: "50000001" is not a number of connections: give a whole number from 1 to 50000000
  [1]

$ ctsh show conntrack sizing users 10 connections-per-user 5 headroom 1001

    headroom: "1001" is not a percentage: give a whole number from 0 to 1000
  [1]

$ ctsh show conntrack sizing users 10 connections-per-user 5 headroom -5

    headroom: "-5" is not a percentage: give a whole number from 0 to 1000
  [1]

$ ctsh show conntrack sizing users 10 users 5

    Invalid command: show conntrack sizing users 10 [users]
  [1]

$ ctsh show conntrack sizing users 10 connections-per-user 5 memory 0

    memory: "0" is not gigabytes of RAM: give a whole number from 1 to 1048576
  [1]

