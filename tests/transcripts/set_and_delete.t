# set: values are checked at set time, with VyOS's messages; each failure stops the script with status 1.
$ ctsh -c 'configure; set system conntrack table-size 0'

    Number is not in any of allowed ranges
    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack table-size 50000001'

    Number is not in any of allowed ranges
    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack table-size lots'

    'lots' is not a valid integer number
    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack foo 1'

    Configuration path: system conntrack [foo] is not valid
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack table-size'

    Configuration path: [system conntrack table-size] requires a value
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack modules ftp extra'

    Configuration path: system conntrack modules ftp [extra] is not valid
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack tcp loose maybe'

    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack ignore ipv4 rule 0 protocol tcp'

    Number is not in any of allowed ranges
    Ignore rule number must be between 1 and 999999
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack ignore ipv4 rule 1000000 protocol tcp'

    Number is not in any of allowed ranges
    Ignore rule number must be between 1 and 999999
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set system conntrack timeout custom ipv4 rule 0'

    Number is not in any of allowed ranges
    Timeout rule number must be between 1 and 999999
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set firewall ipv4 name RAW rule 10 destination address 10.0.0.300'

    Error: 10.0.0.300 is not a valid IPv4 address, prefix or range
    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set firewall ipv4 name RAW rule 10 destination port 99200'

    Error: 99200 is not a valid port (a number 1-65535, a service name or a range a-b)
    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set firewall ipv6 name RAW rule 10 source address 10.0.0.1'

    Error: 10.0.0.1 is not a valid IPv6 address, prefix or range
    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set firewall ipv4 name "R A W" default-action drop'

    Tag node value name must not contain whitespace
    Set failed
  [1]

$ ctsh -c "configure; set firewall ipv4 name RAW description '$(printf 'x%.0s' $(seq 256))'"

    Description too long (limit 255 characters)
    Value validation failed
    Set failed
  [1]

$ ctsh -c 'configure; set'

    Incomplete command: set
    Set failed
  [1]

# Values that are accepted: host, prefix, range, negation; port names, ranges and lists; protocols.
$ ctsh <<'EOF'
> configure
> set firewall ipv4 name RAW default-action accept
> set firewall ipv4 name RAW rule 10 action notrack
> set firewall ipv4 name RAW rule 10 protocol tcp
> set firewall ipv4 name RAW rule 10 source address 192.0.2.0/24
> set firewall ipv4 name RAW rule 10 destination address !10.0.0.1-10.0.0.9
> set firewall ipv4 name RAW rule 10 destination port http,https,8000-8080
> set firewall ipv6 name RAW6 rule 5 action drop
> set firewall ipv6 name RAW6 rule 5 source address 2001:db8::/32
> set system conntrack ignore ipv4 rule 1 protocol !icmp
> set system conntrack ignore ipv4 rule 2 protocol udp
> set system conntrack ignore ipv4 rule 2 destination port domain
> set system conntrack ignore ipv4 rule 2 inbound-interface eth0
> show firewall ipv4 name RAW
> show system conntrack ignore
> EOF
  +default-action accept
  +rule 10 {
  +    action notrack
  +    destination {
  +        address !10.0.0.1-10.0.0.9
  +        port http,https,8000-8080
  +    }
  +    protocol tcp
  +    source {
  +        address 192.0.2.0/24
  +    }
  +}
  +ipv4 {
  +    rule 1 {
  +        protocol !icmp
  +    }
  +    rule 2 {
  +        destination {
  +            port domain
  +        }
  +        inbound-interface eth0
  +        protocol udp
  +    }
  +}
  Warning: configuration changes have not been committed and were discarded.

# "already exists" and "Nothing to delete" are not failures.
$ ctsh <<'EOF'
> configure
> set system conntrack modules ftp
> set system conntrack modules ftp
> set system conntrack table-size 1024
> set system conntrack table-size 1024
> delete system conntrack modules sip
> delete system conntrack table-size 2048
> delete system conntrack table-size 1024
> delete system conntrack modules ftp
> show system conntrack
> delete system conntrack bogus
> EOF
  Configuration path: [system conntrack modules ftp] already exists
  Configuration path: [system conntrack table-size 1024] already exists
  Nothing to delete (the specified node does not exist)
  Nothing to delete (the specified value does not exist)
  Configuration under specified path is empty

    Configuration path: system conntrack [bogus] is not valid
    Delete failed
  [1]

