# show marks the candidate against the running configuration; compare prints the difference.
$ ctsh -c 'configure; set system conntrack table-size 1000; set system conntrack modules ftp; set system conntrack timeout tcp established 3600; commit comment "first"'

$ ctsh <<'EOF'
> configure
> show
> compare
> set system conntrack table-size 2000
> delete system conntrack modules ftp
> set system conntrack modules tftp
> set firewall ipv4 name X default-action drop
> show
> show system conntrack table-size
> show system conntrack timeout
> show firewall ipv6
> show | commands
> show system conntrack | commands
> show system conntrack timeout | json
> compare
> compare commands
> compare saved
> compare 0
> compare 0 commands
> compare 7
> compare bogus
> EOF
   system {
       conntrack {
           modules {
               ftp
           }
           table-size 1000
           timeout {
               tcp {
                   established 3600
               }
           }
       }
   }
  No changes between working and active configurations.
  +firewall {
  +    ipv4 {
  +        name X {
  +            default-action drop
  +        }
  +    }
  +}
   system {
       conntrack {
           modules {
  -            ftp
  +            tftp
           }
  >        table-size 2000
           timeout {
               tcp {
                   established 3600
               }
           }
       }
   }
  >table-size 2000
   tcp {
       established 3600
   }
  Configuration under specified path is empty
  set firewall ipv4 name X default-action 'drop'
  set system conntrack modules tftp
  set system conntrack table-size '2000'
  set system conntrack timeout tcp established '3600'
  set system conntrack modules tftp
  set system conntrack table-size '2000'
  set system conntrack timeout tcp established '3600'
  {
      "tcp": {
          "established": 3600
      }
  }
  + firewall {
  +     ipv4 {
  +         name X {
  +             default-action "drop"
  +         }
  +     }
  + }

  [system conntrack]
  - table-size "1000"
  + table-size "2000"

  [system conntrack modules]
  - ftp
  + tftp
  delete system conntrack modules ftp
  set firewall ipv4 name X default-action 'drop'
  set system conntrack modules tftp
  set system conntrack table-size '2000'
  + firewall {
  +     ipv4 {
  +         name X {
  +             default-action "drop"
  +         }
  +     }
  + }
  + system {
  +     conntrack {
  +         modules {
  +             tftp
  +         }
  +         table-size "2000"
  +         timeout {
  +             tcp {
  +                 established "3600"
  +             }
  +         }
  +     }
  + }
  + firewall {
  +     ipv4 {
  +         name X {
  +             default-action "drop"
  +         }
  +     }
  + }

  [system conntrack]
  - table-size "1000"
  + table-size "2000"

  [system conntrack modules]
  - ftp
  + tftp
  delete system conntrack modules ftp
  set firewall ipv4 name X default-action 'drop'
  set system conntrack modules tftp
  set system conntrack table-size '2000'

    Invalid revision number 7: must be 0 <= rev < 1

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; show nothing here'

    Specified configuration path is not valid
  [1]

$ ctsh -c 'configure; show -all system conntrack tcp; show -all system conntrack timeout udp'
   half-open-connections 512
   loose enable
   max-retrans 3
   other 30
   stream 180

$ ctsh -c 'configure; edit system conntrack; show | commands'
  set modules ftp
  set table-size '1000'
  set timeout tcp established '3600'

