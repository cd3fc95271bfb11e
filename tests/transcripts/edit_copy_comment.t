# edit / up / top move the edit level; set, delete, show and copy work relative to it.
$ ctsh <<'EOF'
> configure
> top
> up
> edit firewall ipv4 name RAW
> set default-action accept
> set rule 10 action notrack
> set rule 10 destination address 224.0.0.0/4
> copy rule 10 to rule 20
> set rule 20 destination address 239.0.0.0/8
> rename rule 10 to rule 5
> show
> edit rule 20
> show
> up
> show | commands
> top
> show firewall ipv4 name RAW rule 5
> comment firewall ipv4 name RAW rule 20 "administratively scoped multicast"
> show firewall ipv4 name RAW
> comment firewall ipv4 name RAW rule 20 ""
> show firewall ipv4 name RAW rule 20
> EOF
  Already at the top level
  Already at the top level
  +default-action accept
  +rule 5 {
  +    action notrack
  +    destination {
  +        address 224.0.0.0/4
  +    }
  +}
  +rule 20 {
  +    action notrack
  +    destination {
  +        address 239.0.0.0/8
  +    }
  +}
  +action notrack
  +destination {
  +    address 239.0.0.0/8
  +}
  set default-action 'accept'
  set rule 5 action 'notrack'
  set rule 5 destination address '224.0.0.0/4'
  set rule 20 action 'notrack'
  set rule 20 destination address '239.0.0.0/8'
  +action notrack
  +destination {
  +    address 224.0.0.0/4
  +}
  +default-action accept
  +rule 5 {
  +    action notrack
  +    destination {
  +        address 224.0.0.0/4
  +    }
  +}
  +/* administratively scoped multicast */
  +rule 20 {
  +    action notrack
  +    destination {
  +        address 239.0.0.0/8
  +    }
  +}
  +action notrack
  +destination {
  +    address 239.0.0.0/8
  +}
  Warning: configuration changes have not been committed and were discarded.

$ ctsh -c 'configure; edit system conntrack table-size'

    The "edit" command cannot be issued at the specified level
  [1]

$ ctsh -c 'configure; edit firewall ipv4 name'

    The "edit" command cannot be issued at the specified level
  [1]

$ ctsh -c 'configure; edit firewall ipv4 name RAW; copy rule 1 to rule 2'

    Configuration "rule 1" does not exist

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; edit firewall ipv4 name RAW; set rule 1 action drop; copy rule 1 to name 2'

    Cannot copy from "rule" to "name"

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; edit firewall ipv4 name RAW; set rule 1 action drop; set rule 2 action drop; rename rule 1 to rule 2'

    Configuration "rule 2" already exists

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; edit firewall ipv4 name RAW; set rule 1 action drop; copy rule 1 to rule 0'

    Number is not in any of allowed ranges
    Firewall rule number must be between 1 and 999999
    Value validation failed

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; edit firewall ipv4 name RAW; copy rule 1 rule 2'

    Invalid copy command

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; edit system; copy conntrack 1 to conntrack 2'

    Cannot copy under "conntrack"

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; comment system conntrack table-size 5 "x"'

    Cannot comment on config values
  [1]

$ ctsh -c 'configure; comment system conntrack "no"'

    The specified config node does not exist
  [1]

$ ctsh -c 'configure; set system conntrack table-size 5; comment system conntrack "a * b"'

    Cannot use the '*' character in a comment

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set system conntrack table-size 5; comment system conntrack table-size 5 "x"'

    Cannot comment on config values

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; discard'
  No changes have been discarded

$ ctsh -c 'configure; set system conntrack table-size 5; discard; show'
  Changes have been discarded
  Configuration under specified path is empty

$ ctsh -c 'configure; discard now'

    Invalid discard command
  [1]

