// The port names `port` values accept, with their IANA numbers; the project's table, not /etc/services.
#include <array>

#include "name_tables.hpp"

namespace ctsh::cli {
namespace {

constexpr std::array<NamedNumber, 84> port_table{{
    {"echo", 7},          {"discard", 9},        {"daytime", 13},        {"ftp-data", 20},
    {"ftp", 21},          {"ssh", 22},           {"telnet", 23},         {"smtp", 25},
    {"time", 37},         {"whois", 43},         {"tacacs", 49},         {"domain", 53},
    {"bootps", 67},       {"bootpc", 68},        {"tftp", 69},           {"gopher", 70},
    {"finger", 79},       {"http", 80},          {"kerberos", 88},       {"pop3", 110},
    {"sunrpc", 111},      {"auth", 113},         {"nntp", 119},          {"ntp", 123},
    {"epmap", 135},       {"netbios-ns", 137},   {"netbios-dgm", 138},   {"netbios-ssn", 139},
    {"imap", 143},        {"snmp", 161},         {"snmp-trap", 162},     {"xdmcp", 177},
    {"bgp", 179},         {"irc", 194},          {"ldap", 389},          {"https", 443},
    {"microsoft-ds", 445}, {"kpasswd", 464},     {"submissions", 465},   {"isakmp", 500},
    {"syslog", 514},      {"printer", 515},      {"rip", 520},           {"ripng", 521},
    {"dhcpv6-client", 546}, {"dhcpv6-server", 547}, {"rtsp", 554},       {"submission", 587},
    {"ipp", 631},         {"ldaps", 636},        {"kerberos-adm", 749},  {"domain-s", 853},
    {"rsync", 873},       {"ftps-data", 989},    {"ftps", 990},          {"telnets", 992},
    {"imaps", 993},       {"pop3s", 995},        {"socks", 1080},        {"openvpn", 1194},
    {"ms-sql-s", 1433},   {"ms-sql-m", 1434},    {"l2tp", 1701},         {"h323hostcall", 1720},
    {"pptp", 1723},       {"radius", 1812},      {"radius-acct", 1813},  {"mqtt", 1883},
    {"ssdp", 1900},       {"nfs", 2049},         {"iscsi-target", 3260}, {"mysql", 3306},
    {"ms-wbt-server", 3389}, {"svn", 3690},      {"bfd-control", 3784},  {"ipsec-nat-t", 4500},
    {"sip", 5060},        {"sips", 5061},        {"xmpp-client", 5222},  {"xmpp-server", 5269},
    {"mdns", 5353},       {"postgresql", 5432},  {"redis", 6379},        {"http-alt", 8080},
}};

}  // namespace

std::span<const NamedNumber> port_names() { return port_table; }

}  // namespace ctsh::cli
