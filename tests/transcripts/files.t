# save writes config.boot in VyOS's saver format; load and merge read it back (and VyOS's own files).
$ ctsh -c 'configure; set system conntrack table-size 1024; set system conntrack hash-size 256; set system conntrack modules ftp; set firewall ipv4 name RAW rule 10 action notrack; set firewall ipv4 name RAW rule 10 description "no tracking"; comment system conntrack "sized for the lab"; commit; save'

$ cat config/config.boot
  firewall {
      ipv4 {
          name RAW {
              rule 10 {
                  action "notrack"
                  description "no tracking"
              }
          }
      }
  }
  system {
      /* sized for the lab */
      conntrack {
          hash-size "256"
          modules {
              ftp
          }
          table-size "1024"
      }
  }
  // Warning: Do not remove the following line.
  // vyos-config-version: "conntrack@5:firewall@15"
  // Release version: ctsh 0.1.0

$ ctsh -c 'configure; set system conntrack table-size 2048; save'
  Warning: you have uncommitted changes that will not be saved.
  Warning: configuration changes have not been committed and were discarded.

$ cat config/config.boot | head -3
  firewall {
      ipv4 {
          name RAW {

$ ctsh -c 'configure; set system conntrack table-size 4096; commit; exit'
  Warning: configuration changes have not been saved.

$ ctsh -c 'configure; save /tmp/ctsh-transcript-saved.boot; load /tmp/ctsh-transcript-saved.boot'
  Loading configuration from '/tmp/ctsh-transcript-saved.boot'
  No configuration changes to commit.

$ ctsh -c 'configure; load config.boot; compare; commit'
  Loading configuration from 'config.boot'
  cannot read config.boot: No such file or directory
  Load failed
  [1]

$ ctsh -c 'configure; set system conntrack table-size 8; load config.boot'
  Cannot load: configuration modified.
  Commit or discard the changes before loading a config file.
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set system conntrack table-size 8; merge config.boot'
  Cannot merge: configuration modified.
  Commit or discard the changes before merging a config file.
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; load /nonexistent/file.boot'
  Loading configuration from '/nonexistent/file.boot'
  cannot read /nonexistent/file.boot: No such file or directory
  Load failed
  [1]

$ printf 'system {\n    conntrack {\n        table-size "12"\n' > broken.boot

$ ctsh -c 'configure; load broken.boot'
  Loading configuration from 'broken.boot'
  broken.boot: line 4: expected '}' before end of file ("system conntrack" opened on line 2)
  Load failed
  [1]

$ printf 'system {\n    conntrack {\n        table-size "0"\n    }\n}\n' > invalid.boot

$ ctsh -c 'configure; load invalid.boot'
  Loading configuration from 'invalid.boot'
  invalid.boot has invalid values:
    system conntrack table-size 0: Number is not in any of allowed ranges; Invalid value
  Load failed
  [1]

# A real VyOS 1.5 config.boot: other sections are refused by load, and merge imports system conntrack.
$ cat > vyos.boot <<'EOF'
> firewall {
>     global-options {
>         timeout {
>             tcp {
>                 established "7200"
>             }
>             udp {
>                 stream "90"
>             }
>         }
>     }
> }
> interfaces {
>     ethernet eth0 {
>         address "dhcp"
>     }
> }
> system {
>     conntrack {
>         modules {
>             ftp
>         }
>         table-size "524288"
>     }
>     host-name "vyos"
>     login {
>         user vyos {
>         }
>     }
> }
> // Warning: Do not remove the following line.
> // vyos-config-version: "conntrack@5:firewall@16:interfaces@32:system@27"
> // Release version: 1.5-rolling-202410210007
> EOF

$ ctsh -c 'configure; load vyos.boot'
  Loading configuration from 'vyos.boot'
  vyos.boot holds configuration that ctsh does not manage: interfaces, system host-name, system login.
  To import only its conntrack settings, use: merge vyos.boot system conntrack
  Load failed
  [1]

$ ctsh -c 'configure; merge vyos.boot system conntrack; compare; commit'
  Loading configuration from 'vyos.boot'
  Merge complete. Use 'commit' to make changes effective.
  [system conntrack]
  - table-size "4096"
  + table-size "524288"
  + timeout {
  +     tcp {
  +         established "7200"
  +     }
  +     udp {
  +         stream "90"
  +     }
  + }

# JSON: typed (as show configuration json writes it) and VyOS's all-strings form
$ ctsh show configuration json > typed.json

$ cat typed.json
  {"firewall":{"ipv4":{"name":{"RAW":{"rule":{"10":{"action":"notrack","description":"no tracking"}}}}}},"system":{"conntrack":{"hash-size":256,"modules":{"ftp":{}},"table-size":524288,"timeout":{"tcp":{"established":7200},"udp":{"stream":90}}}}}

$ ctsh -c 'configure; delete system conntrack; commit'

$ ctsh -c 'configure; load typed.json; commit'
  Loading configuration from 'typed.json'
  Load complete. Use 'commit' to make changes effective.

$ ctsh show configuration commands
  set firewall ipv4 name RAW rule 10 action 'notrack'
  set firewall ipv4 name RAW rule 10 description 'no tracking'
  set system conntrack hash-size '256'
  set system conntrack modules ftp
  set system conntrack table-size '524288'
  set system conntrack timeout tcp established '7200'
  set system conntrack timeout udp stream '90'

$ printf '{"system": {"conntrack": {"table-size": "777", "modules": {"tftp": {}}}}}' > strings.json

$ ctsh -c 'configure; load strings.json; show'
  Loading configuration from 'strings.json'
  Load complete. Use 'commit' to make changes effective.
  -firewall {
  -    ipv4 {
  -        name RAW {
  -            rule 10 {
  -                action notrack
  -                description "no tracking"
  -            }
  -        }
  -    }
  -}
   system {
       conntrack {
  -        hash-size 256
           modules {
  -            ftp
  +            tftp
           }
  >        table-size 777
  -        timeout {
  -            tcp {
  -                established 7200
  -            }
  -            udp {
  -                stream 90
  -            }
  -        }
       }
   }
  Warning: configuration changes have not been committed and were discarded.

$ printf '{"system": {"conntrack": {"table-size": "seven"}}}' > bad.json

$ ctsh -c 'configure; load bad.json'
  Loading configuration from 'bad.json'
  bad.json has invalid values:
    system conntrack table-size seven: 'seven' is not a valid integer number; Invalid value
  Load failed
  [1]

$ printf '{"system": ' > truncated.json

$ ctsh -c 'configure; load truncated.json'
  Loading configuration from 'truncated.json'
  truncated.json is not valid JSON
  Load failed
  [1]

