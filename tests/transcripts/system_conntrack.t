# `show system conntrack`: every effective setting of the running configuration, marked default or set.
$ ctsh show system conntrack
  Setting                    Value     Origin
  -------------------------  --------  --------
  table-size                 262144    default
  hash-size                  32768     default
  expect-table-size          2048      default
  flow-accounting            disabled  default
  timeout icmp               30        default
  timeout other              600       default
  timeout tcp close          10        default
  timeout tcp close-wait     60        default
  timeout tcp established    432000    default
  timeout tcp fin-wait       120       default
  timeout tcp last-ack       30        default
  timeout tcp syn-recv       60        default
  timeout tcp syn-sent       120       default
  timeout tcp time-wait      120       default
  timeout udp other          30        default
  timeout udp stream         180       default
  timeout custom ipv4 rule   0 rules   default
  timeout custom ipv6 rule   0 rules   default
  modules ftp                disabled  default
  modules h323               disabled  default
  modules nfs                disabled  default
  modules pptp               disabled  default
  modules rtsp               disabled  default
  modules sip                disabled  default
  modules sqlnet             disabled  default
  modules tftp               disabled  default
  ignore ipv4 rule           0 rules   default
  ignore ipv6 rule           0 rules   default
  tcp half-open-connections  512       default
  tcp loose                  enable    default
  tcp max-retrans            3         default

$ ctsh -c 'configure; set system conntrack table-size 1000; set system conntrack timeout tcp established 7200; set system conntrack modules ftp; set system conntrack flow-accounting; set system conntrack tcp loose disable; set system conntrack ignore ipv4 rule 10 destination address 224.0.0.0/4; set system conntrack ignore ipv4 rule 20 protocol udp; commit'
  WARNING: It is prefered to define ipv4 conntrack ignore rules in <firewall ipv4 prerouting raw> section

$ ctsh show system conntrack
  Setting                    Value     Origin
  -------------------------  --------  --------
  table-size                 1000      set
  hash-size                  32768     default
  expect-table-size          2048      default
  flow-accounting            enabled   set
  timeout icmp               30        default
  timeout other              600       default
  timeout tcp close          10        default
  timeout tcp close-wait     60        default
  timeout tcp established    7200      set
  timeout tcp fin-wait       120       default
  timeout tcp last-ack       30        default
  timeout tcp syn-recv       60        default
  timeout tcp syn-sent       120       default
  timeout tcp time-wait      120       default
  timeout udp other          30        default
  timeout udp stream         180       default
  timeout custom ipv4 rule   0 rules   default
  timeout custom ipv6 rule   0 rules   default
  modules ftp                enabled   set
  modules h323               disabled  default
  modules nfs                disabled  default
  modules pptp               disabled  default
  modules rtsp               disabled  default
  modules sip                disabled  default
  modules sqlnet             disabled  default
  modules tftp               disabled  default
  ignore ipv4 rule           2 rules   set
  ignore ipv6 rule           0 rules   default
  tcp half-open-connections  512       default
  tcp loose                  disable   set
  tcp max-retrans            3         default

$ ctsh 'show system conntrack | json'
  {"table-size":{"value":1000,"origin":"set"},"hash-size":{"value":32768,"origin":"default"},"expect-table-size":{"value":2048,"origin":"default"},"flow-accounting":{"value":true,"origin":"set"},"timeout icmp":{"value":30,"origin":"default"},"timeout other":{"value":600,"origin":"default"},"timeout tcp close":{"value":10,"origin":"default"},"timeout tcp close-wait":{"value":60,"origin":"default"},"timeout tcp established":{"value":7200,"origin":"set"},"timeout tcp fin-wait":{"value":120,"origin":"default"},"timeout tcp last-ack":{"value":30,"origin":"default"},"timeout tcp syn-recv":{"value":60,"origin":"default"},"timeout tcp syn-sent":{"value":120,"origin":"default"},"timeout tcp time-wait":{"value":120,"origin":"default"},"timeout udp other":{"value":30,"origin":"default"},"timeout udp stream":{"value":180,"origin":"default"},"timeout custom ipv4 rule":{"value":0,"origin":"default"},"timeout custom ipv6 rule":{"value":0,"origin":"default"},"modules ftp":{"value":true,"origin":"set"},"modules h323":{"value":false,"origin":"default"},"modules nfs":{"value":false,"origin":"default"},"modules pptp":{"value":false,"origin":"default"},"modules rtsp":{"value":false,"origin":"default"},"modules sip":{"value":false,"origin":"default"},"modules sqlnet":{"value":false,"origin":"default"},"modules tftp":{"value":false,"origin":"default"},"ignore ipv4 rule":{"value":2,"origin":"set"},"ignore ipv6 rule":{"value":0,"origin":"default"},"tcp half-open-connections":{"value":512,"origin":"default"},"tcp loose":{"value":"disable","origin":"set"},"tcp max-retrans":{"value":3,"origin":"default"}}

# Only the running configuration counts: an uncommitted change is not shown.
$ ctsh -c 'configure; set system conntrack hash-size 64; run show system conntrack | match ^hash-size; discard'
  hash-size                  32768     default
  Changes have been discarded

