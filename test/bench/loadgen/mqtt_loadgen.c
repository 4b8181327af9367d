/*
 * Native MQTT 3.1.1 ingest load generator for test/bench/mqtt_bench.ts.
 *
 * Why native: the benchmark's target is a ratio against Mosquitto, and both brokers share this
 * machine's two cores with the generator. The JavaScript generator (mqtt_loadgen.ts) ran at
 * ~97% of a core against Mosquitto (which writes one PUBACK per message), and against
 * Tributary its ~0.1 ms of work per window sat inside every publisher's ack round trip. This
 * one is a single-threaded epoll loop over raw sockets with pre-encoded packets; it needs
 * ~0.2-0.4 µs of CPU per message against Tributary and ~1.3 µs against Mosquitto.
 *
 *   mqtt_loadgen HOST PORT PUBLISHERS MSGS PAYLOAD QOS WINDOW TAG
 *
 * Each publisher connects (client id "bench-TAG-N", clean session), then sends MSGS PUBLISHes of
 * PAYLOAD bytes to "bench/TAG/pN". QoS 1 keeps at most WINDOW unacknowledged and checks that
 * every PUBACK names a packet id in flight. QoS 0 writes as fast as the socket drains, then
 * sends one QoS 1 PUBLISH as a fence whose PUBACK means the broker has taken everything before
 * it. The clock runs from the first PUBLISH to the last ack. Payload bytes 0-3 carry the
 * publisher index and 4-7 the sequence number (big endian), as in mqtt_loadgen.ts.
 *
 * Prints one JSON line: {"msgs":N,"wallMs":W,"cpuMs":C}; exits non-zero on any protocol or
 * socket error (a broker that drops the connection fails the run rather than skewing it).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PUBLISHERS 4096
#define READ_BYTES 65536
#define WRITE_SLICE 65536
#define MAX_PAYLOAD 65536
/* One PUBLISH of at most MAX_PAYLOAD bytes with a topic of under 256 */
#define MAX_PACKET (MAX_PAYLOAD + 512)

/* QoS 1: new PUBLISHes go out once this many window slots are free (see main). */
static long refill_at = 1;

struct publisher {
  int fd;
  int index;
  uint8_t *packets;   /* MSGS pre-encoded PUBLISHes, `size` bytes each */
  size_t size;
  long next;          /* index of the next packet to send */
  size_t partial;     /* bytes of packet `next` already written (QoS 0 partial writes) */
  long acked;
  long inflight;
  uint8_t *in_flight; /* QoS 1: packet id -> 1 while unacknowledged */
  uint8_t in[READ_BYTES + 8];
  size_t in_len;
  int fence_sent;
  int done;
};

static void fail(const char *what) {
  fprintf(stderr, "mqtt_loadgen: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void fail_protocol(const char *what, int index) {
  if (index < 0) fprintf(stderr, "mqtt_loadgen: %s\n", what);
  else fprintf(stderr, "mqtt_loadgen: publisher %d: %s\n", index, what);
  exit(3);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
}

static size_t put_varint(uint8_t *out, size_t n) {
  size_t at = 0;
  do {
    uint8_t b = n % 128;
    n /= 128;
    if (n > 0) b |= 0x80;
    out[at++] = b;
  } while (n > 0);
  return at;
}

/* One PUBLISH into `out`; returns its size. */
static size_t encode_publish(uint8_t *out, const char *topic, int qos, uint16_t id, int publisher, uint32_t seq, size_t payload) {
  size_t topic_len = strlen(topic);
  size_t remaining = 2 + topic_len + (qos > 0 ? 2 : 0) + payload;
  size_t at = 0;
  out[at++] = 0x30 | (qos << 1);
  at += put_varint(out + at, remaining);
  out[at++] = topic_len >> 8;
  out[at++] = topic_len & 0xff;
  memcpy(out + at, topic, topic_len);
  at += topic_len;
  if (qos > 0) {
    out[at++] = id >> 8;
    out[at++] = id & 0xff;
  }
  uint8_t *p = out + at;
  memset(p, 0x61, payload);
  p[0] = publisher >> 24; p[1] = publisher >> 16; p[2] = publisher >> 8; p[3] = publisher;
  p[4] = seq >> 24; p[5] = seq >> 16; p[6] = seq >> 8; p[7] = seq;
  return at + payload;
}

static void write_all_blocking(int fd, const uint8_t *bytes, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, bytes, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    bytes += n;
    len -= n;
  }
}

static int connect_publisher(const char *host, int port, const char *client_id) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) fail("socket");
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) fail_protocol("host must be an IPv4 address", -1);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) fail("connect");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  uint8_t pkt[512];
  size_t id_len = strlen(client_id);
  size_t remaining = 10 + 2 + id_len;
  size_t at = 0;
  pkt[at++] = 0x10;
  at += put_varint(pkt + at, remaining);
  const uint8_t header[] = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60};
  memcpy(pkt + at, header, sizeof header);
  at += sizeof header;
  pkt[at++] = id_len >> 8;
  pkt[at++] = id_len & 0xff;
  memcpy(pkt + at, client_id, id_len);
  at += id_len;
  write_all_blocking(fd, pkt, at);
  uint8_t ack[4];
  size_t got = 0;
  while (got < 4) {
    ssize_t n = read(fd, ack + got, 4 - got);
    if (n <= 0) fail_protocol("closed before CONNACK", -1);
    got += n;
  }
  if (ack[0] != 0x20 || ack[3] != 0) fail_protocol("CONNACK refused", -1);
  return fd;
}

/* Write as many packets as the window (QoS 1) or the socket (QoS 0) allows. */
static void send_more(struct publisher *p, long msgs, int qos, long window) {
  while (p->next < msgs) {
    long limit = msgs;
    if (qos > 0 && window - p->inflight < refill_at) return;
    if (qos > 0 && p->next + (window - p->inflight) < limit) limit = p->next + (window - p->inflight);
    if (limit <= p->next) return;
    long per_write = WRITE_SLICE / p->size;
    if (per_write < 1) per_write = 1;
    if (limit - p->next > per_write) limit = p->next + per_write;
    const uint8_t *from = p->packets + p->next * p->size + p->partial;
    size_t len = (limit - p->next) * p->size - p->partial;
    ssize_t n = write(p->fd, from, len);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      fail("write");
    }
    size_t total = p->partial + (size_t)n;
    long whole = total / p->size;
    if (qos > 0) {
      for (long i = 0; i < whole; i++) p->in_flight[((p->next + i) % 65535) + 1] = 1;
      p->inflight += whole;
    }
    p->next += whole;
    p->partial = total % p->size;
    if ((size_t)n < len) return; /* socket full: wait for EPOLLOUT */
  }
}

int main(int argc, char **argv) {
  if (argc != 9) {
    fprintf(stderr, "usage: mqtt_loadgen HOST PORT PUBLISHERS MSGS PAYLOAD QOS WINDOW TAG\n");
    return 1;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  int publishers = atoi(argv[3]);
  long msgs = atol(argv[4]);
  size_t payload = (size_t)atol(argv[5]);
  int qos = atoi(argv[6]);
  long window = atol(argv[7]);
  const char *tag = argv[8];
  if (publishers < 1 || publishers > MAX_PUBLISHERS || msgs < 1 || payload < 16 || payload > MAX_PAYLOAD || (qos != 0 && qos != 1) || window < 1 || window > 65535) {
    fprintf(stderr, "mqtt_loadgen: argument out of range\n");
    return 1;
  }

  /*
   * Refill the window once half of it is free. Mosquitto writes one PUBACK per message: a
   * generator that answered each with one PUBLISH spent ~80% of a core on that ping-pong and
   * Mosquitto measured 110-131k msg/s; refilled at half the window it measured 138-154k (a
   * tenth: 135-150k) with the generator at ~17% of a core. Waiting for the whole window stalls
   * on Mosquitto's Nagle delay (it does not set TCP_NODELAY by default). Tributary acks a whole
   * fsync group per write and measured the same either way.
   */
  refill_at = window / 2 > 1 ? window / 2 : 1;

  static struct publisher pubs[MAX_PUBLISHERS];
  int ep = epoll_create1(0);
  if (ep < 0) fail("epoll_create1");
  for (int i = 0; i < publishers; i++) {
    struct publisher *p = &pubs[i];
    char topic[256], client_id[256];
    snprintf(topic, sizeof topic, "bench/%s/p%d", tag, i);
    snprintf(client_id, sizeof client_id, "bench-%s-%d", tag, i);
    static uint8_t probe[MAX_PACKET];
    p->size = encode_publish(probe, topic, qos, 1, i, 0, payload);
    p->packets = malloc(p->size * msgs);
    p->in_flight = calloc(65536, 1);
    if (!p->packets || !p->in_flight) fail("malloc");
    for (long m = 0; m < msgs; m++) encode_publish(p->packets + m * p->size, topic, qos, (uint16_t)((m % 65535) + 1), i, (uint32_t)m, payload);
    p->index = i;
    p->fd = connect_publisher(host, port, client_id);
  }
  for (int i = 0; i < publishers; i++) {
    struct publisher *p = &pubs[i];
    int fl = fcntl(p->fd, F_GETFL);
    if (fl < 0 || fcntl(p->fd, F_SETFL, fl | O_NONBLOCK) < 0) fail("fcntl");
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = p};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, p->fd, &ev) < 0) fail("epoll_ctl");
  }

  double cpu0 = cpu_ms();
  double t0 = now_ms();
  for (int i = 0; i < publishers; i++) send_more(&pubs[i], msgs, qos, window);
  int remaining = publishers;
  struct epoll_event events[MAX_PUBLISHERS];
  while (remaining > 0) {
    int n = epoll_wait(ep, events, MAX_PUBLISHERS, 30000);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("epoll_wait");
    }
    if (n == 0) fail_protocol("no progress for 30 s", -1);
    for (int e = 0; e < n; e++) {
      struct publisher *p = events[e].data.ptr;
      if (p->done) continue;
      if (events[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        for (;;) {
          ssize_t got = read(p->fd, p->in + p->in_len, READ_BYTES - p->in_len);
          if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            fail("read");
          }
          if (got == 0) fail_protocol("connection closed by the broker", p->index);
          p->in_len += got;
          size_t at = 0;
          /* Only PUBACKs (and the fence's PUBACK) are expected: 0x40 0x02 id id. */
          while (p->in_len - at >= 2) {
            if (p->in[at] != 0x40 || p->in[at + 1] != 0x02) fail_protocol("unexpected packet (not a PUBACK)", p->index);
            if (p->in_len - at < 4) break;
            unsigned id = (p->in[at + 2] << 8) | p->in[at + 3];
            at += 4;
            if (qos == 0) {
              if (!p->fence_sent || id != 1) fail_protocol("unexpected PUBACK", p->index);
              p->done = 1;
              continue;
            }
            if (id == 0 || !p->in_flight[id]) fail_protocol("PUBACK for a packet id not in flight", p->index);
            p->in_flight[id] = 0;
            p->inflight--;
            p->acked++;
          }
          memmove(p->in, p->in + at, p->in_len - at);
          p->in_len -= at;
        }
      }
      if (qos > 0 && p->acked == msgs) p->done = 1;
      if (!p->done) send_more(p, msgs, qos, window);
      if (qos == 0 && !p->fence_sent && p->next == msgs && p->partial == 0) {
        char topic[256];
        static uint8_t fence[MAX_PACKET];
        snprintf(topic, sizeof topic, "bench/%s/p%d", tag, p->index);
        size_t len = encode_publish(fence, topic, 1, 1, 99, 0, payload);
        /* A few hundred bytes into a drained socket: a blocking loop on EAGAIN is fine here. */
        for (size_t off = 0; off < len;) {
          ssize_t w = write(p->fd, fence + off, len - off);
          if (w < 0 && (errno == EAGAIN || errno == EINTR)) continue;
          if (w < 0) fail("write");
          off += w;
        }
        p->fence_sent = 1;
      }
      if (p->done) remaining--;
    }
  }
  double wall = now_ms() - t0;
  double cpu = cpu_ms() - cpu0;
  for (int i = 0; i < publishers; i++) close(pubs[i].fd);
  printf("{\"msgs\":%ld,\"wallMs\":%.3f,\"cpuMs\":%.3f}\n", msgs * publishers, wall, cpu);
  return 0;
}
