// RouterCapture: a thread that enters the router namespace and reads the "any" device with libpcap.
#include "router_capture.hpp"

#include <pcap/pcap.h>
#include <poll.h>

#include <fmt/core.h>
#include <memory>

#include "router_lab.hpp"

namespace ctsh::kerneltest {

namespace {

constexpr auto longest_capture = std::chrono::seconds(45);
constexpr auto start_limit = std::chrono::seconds(5);

struct PcapCloser {
  void operator()(pcap_t* handle) const { pcap_close(handle); }
};
using PcapHandle = std::unique_ptr<pcap_t, PcapCloser>;

void keep_packet(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
  auto& packets = *reinterpret_cast<std::vector<CapturedPacket>*>(user);
  CapturedPacket packet;
  packet.time = WallTime(std::chrono::seconds(header->ts.tv_sec) + std::chrono::microseconds(header->ts.tv_usec));
  packet.original_length = header->len;
  packet.bytes.assign(bytes, bytes + header->caplen);
  packets.push_back(std::move(packet));
}

}  // namespace

RouterCapture::~RouterCapture() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::expected<void, std::string> RouterCapture::start(const std::string& router_namespace) {
  thread_ = std::jthread([this, router_namespace] { run(router_namespace); });
  const auto deadline = std::chrono::steady_clock::now() + start_limit;
  while (status_ == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (status_ == 1) return {};
  stop_ = true;
  thread_.join();
  return std::unexpected(error_.empty() ? std::string("capture did not start in time") : error_);
}

void RouterCapture::run(const std::string& router_namespace) {
  auto fail = [this](std::string reason) {
    error_ = std::move(reason);
    status_ = -1;
  };
  if (auto entered = enter_namespace(router_namespace); !entered) return fail(entered.error());
  char error_text[PCAP_ERRBUF_SIZE] = {};
  PcapHandle handle(pcap_create("any", error_text));
  if (!handle) return fail(fmt::format("pcap_create: {}", error_text));
  pcap_set_snaplen(handle.get(), 65535);
  pcap_set_immediate_mode(handle.get(), 1);
  if (pcap_activate(handle.get()) < 0) return fail(fmt::format("pcap_activate: {}", pcap_geterr(handle.get())));
  if (pcap_setdirection(handle.get(), PCAP_D_IN) != 0) return fail(fmt::format("pcap_setdirection: {}", pcap_geterr(handle.get())));
  if (pcap_setnonblock(handle.get(), 1, error_text) != 0) return fail(fmt::format("pcap_setnonblock: {}", error_text));
  link_type_ = pcap_datalink(handle.get());
  const int fd = pcap_get_selectable_fd(handle.get());
  if (fd < 0) return fail("pcap has no selectable descriptor");
  status_ = 1;
  const auto deadline = std::chrono::steady_clock::now() + longest_capture;
  auto* user = reinterpret_cast<u_char*>(&packets_);
  while (!stop_ && std::chrono::steady_clock::now() < deadline) {
    pollfd ready{fd, POLLIN, 0};
    poll(&ready, 1, 10);
    if (pcap_dispatch(handle.get(), -1, keep_packet, user) < 0) return fail(fmt::format("pcap_dispatch: {}", pcap_geterr(handle.get())));
  }
  pcap_dispatch(handle.get(), -1, keep_packet, user);
}

std::expected<CaptureSummary, std::string> RouterCapture::finish(WallTime cutoff, const std::filesystem::path& file) {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (status_ != 1) return std::unexpected(error_);
  PcapHandle writer(pcap_open_dead(link_type_, 65535));
  if (!writer) return std::unexpected("pcap_open_dead failed");
  pcap_dumper_t* dumper = pcap_dump_open(writer.get(), file.c_str());
  if (!dumper) return std::unexpected(fmt::format("pcap_dump_open {}: {}", file.string(), pcap_geterr(writer.get())));
  CaptureSummary summary;
  for (const auto& packet : packets_) {
    if (packet.time > cutoff) continue;
    const auto since_epoch = std::chrono::duration_cast<std::chrono::microseconds>(packet.time.time_since_epoch()).count();
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(since_epoch / 1'000'000);
    header.ts.tv_usec = static_cast<suseconds_t>(since_epoch % 1'000'000);
    header.caplen = static_cast<bpf_u_int32>(packet.bytes.size());
    header.len = packet.original_length;
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, packet.bytes.data());
    ++summary.packets;
    summary.last_packet = packet.time;
  }
  pcap_dump_close(dumper);
  return summary;
}

}  // namespace ctsh::kerneltest
