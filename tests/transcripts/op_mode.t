# Op mode: unique prefixes, VyOS's messages for invalid, ambiguous and incomplete commands, pipes.
$ ctsh -c 'configure; set system conntrack table-size 4096; set system conntrack modules ftp; set system conntrack modules tftp; set firewall ipv4 prerouting raw rule 10 action notrack; set firewall ipv4 prerouting raw rule 10 protocol udp; set firewall ipv4 prerouting raw rule 10 destination port 53; commit comment "dns untracked"'

$ ctsh sh conf
  firewall {
      ipv4 {
          prerouting {
              raw {
                  rule 10 {
                      action notrack
                      destination {
                          port 53
                      }
                      protocol udp
                  }
              }
          }
      }
  }
  system {
      conntrack {
          modules {
              ftp
              tftp
          }
          table-size 4096
      }
  }

$ ctsh sh conf comm
  set firewall ipv4 prerouting raw rule 10 action 'notrack'
  set firewall ipv4 prerouting raw rule 10 destination port '53'
  set firewall ipv4 prerouting raw rule 10 protocol 'udp'
  set system conntrack modules ftp
  set system conntrack modules tftp
  set system conntrack table-size '4096'

$ ctsh show configuration json pretty
  {
      "firewall": {
          "ipv4": {
              "prerouting": {
                  "raw": {
                      "rule": {
                          "10": {
                              "action": "notrack",
                              "destination": {
                                  "port": "53"
                              },
                              "protocol": "udp"
                          }
                      }
                  }
              }
          }
      },
      "system": {
          "conntrack": {
              "modules": {
                  "ftp": {},
                  "tftp": {}
              },
              "table-size": 4096
          }
      }
  }

$ ctsh show foo

    Invalid command: show [foo]
  [1]

$ ctsh sho s

    Incomplete command: show system
  [1]

$ ctsh show system

    Incomplete command: show system
  [1]

$ ctsh bogus

    Invalid command: [bogus]
  [1]

$ ctsh show system commit diff

    Incomplete command: show system commit diff
  [1]

$ ctsh show system commit diff 0 extra

    Invalid command: show system commit diff 0 [extra]
  [1]

$ ctsh show configuration commands '|' match modules
  set system conntrack modules ftp
  set system conntrack modules tftp

$ ctsh show configuration commands '|' no-match modules
  set firewall ipv4 prerouting raw rule 10 action 'notrack'
  set firewall ipv4 prerouting raw rule 10 destination port '53'
  set firewall ipv4 prerouting raw rule 10 protocol 'udp'
  set system conntrack table-size '4096'

$ ctsh show configuration commands '|' count
  6

$ ctsh 'show configuration commands | match modules | count'
  2

$ ctsh show configuration commands '|' match '(unclosed'

    Invalid pattern '(unclosed' for '| match': Mismatched '(' and ')' in regular expression
  [1]

$ ctsh show configuration commands '|' match

    '| match' takes one pattern (quote it if it has spaces)
  [1]

$ ctsh show configuration '|' bogus

    Invalid command: | [bogus]
  [1]

$ ctsh show configuration '|' m x

    Ambiguous command: | [m]

    Possible completions:
      match           Only output lines that match the given pattern (POSIX extended)
      more            Paginate the output
  [1]

$ ctsh show configuration '|' no-more
  firewall {
      ipv4 {
          prerouting {
              raw {
                  rule 10 {
                      action notrack
                      destination {
                          port 53
                      }
                      protocol udp
                  }
              }
          }
      }
  }
  system {
      conntrack {
          modules {
              ftp
              tftp
          }
          table-size 4096
      }
  }

$ ctsh show firewall
  Rulesets Information (raw, before connection tracking)

  ---------------------------------
  ipv4 Firewall "prerouting raw" (every packet, first)

  Rule     Action    Protocol    Conditions    Description
  -------  --------  ----------  ------------  -------------
  10       notrack   udp         dport 53
  default  accept    all

$ ctsh show firewall '|' json
  {
      "ipv4": [
          {
              "chain": "prerouting raw",
              "reached": "every packet, first",
              "rules": [
                  {
                      "action": "notrack",
                      "conditions": "dport 53",
                      "description": "",
                      "protocol": "udp",
                      "rule": "10"
                  },
                  {
                      "action": "accept",
                      "conditions": "",
                      "description": "",
                      "protocol": "all",
                      "rule": "default"
                  }
              ]
          }
      ]
  }

$ ctsh show system commit '|' json
  [
      {
          "comment": "dns untracked",
          "revision": 0,
          "sequence": 1,
          "time": 1763800000,
          "user": "tester",
          "via": "script"
      }
  ]

$ ctsh show system commit diff 0 '|' json

    '| json' is not available for this command
  [1]

# `| match` with no hit is not a failure
$ ctsh show configuration commands '|' match nothing-matches-this

# configuration-mode commands (run for op mode) and ambiguity
$ ctsh -c 'configure; run show configuration commands | match table; com'
  set system conntrack table-size '4096'

    Ambiguous command: [com]

    Possible completions:
      comment         Add comment to this configuration element
      commit          Commit the current set of changes
      commit-confirm  Commit the current set of changes with 'confirm' required
      compare         Compare configuration revisions
  [1]

$ ctsh -c 'configure; comp; disc; xyz'
  No changes between working and active configurations.
  No changes have been discarded

    Invalid command: [xyz]
  [1]

$ ctsh -c 'configure; run'

    Incomplete command: run
  [1]

$ ctsh -c 'configure; run configure'

    Already in configuration mode
  [1]

$ ctsh -c 'set system conntrack table-size 1'

    Invalid command: [set]
  [1]

$ ctsh -c "configure; set system conntrack table-size '1"

    Invalid input: unterminated quote (') in: set system conntrack table-size '1
  [1]

