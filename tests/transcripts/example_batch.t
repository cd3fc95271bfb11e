# The issue's example batch, accepted exactly as written and committed in one script.
$ ctsh <<'EOF'
> configure
> set system conntrack table-size 262144
> set system conntrack hash-size 65536
> set system conntrack timeout tcp established 7200
> set system conntrack timeout tcp close 10
> set system conntrack timeout tcp close-wait 60
> set system conntrack timeout tcp fin-wait 120
> set system conntrack timeout tcp last-ack 30
> set system conntrack timeout tcp syn-recv 60
> set system conntrack timeout tcp syn-sent 120
> set system conntrack timeout tcp time-wait 120
> set system conntrack timeout udp other 30
> set system conntrack timeout udp stream 180
> set system conntrack timeout icmp 30
> set system conntrack modules ftp
> set system conntrack modules sip
> set firewall ipv4 name RAW default-action accept
> set firewall ipv4 name RAW rule 10 action notrack
> set firewall ipv4 name RAW rule 10 destination address 224.0.0.0/4
> set firewall ipv4 name RAW rule 10 description "Skip tracking for multicast"
> set firewall ipv4 input filter raw RAW
> commit
> EOF
  WARNING: the engine does not model the sip helper yet: committed, but no expectations are created (the kernel dataplane loads them)

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via script

