/*
 * http_check_floor: an HTTP_GET checker reduced to the kernel's work, as a reference for benchmarks.
 *
 * The CPU comparison benchmarks run this beside keepalived's checker and Fulcrum's engine, against the
 * same servers at the same rate and over the same window. It makes the exchange every checker that opens
 * a connection per check makes (connect, send the request, read the answer, close with RST so that no
 * TIME_WAIT is left) with as few system calls as Linux allows: socket, setsockopt(SO_LINGER), connect,
 * one edge-triggered epoll_ctl, send, recv, close, and epoll_wait shared by all sockets. It parses nothing
 * beyond "HTTP/1.x 200", keeps no state machine and logs nothing, so what it spends per check is, within
 * a few percent, what the kernel spends: the part of a check's CPU that no such checker can avoid.
 *
 * Usage: http_check_floor N PREFIX PORT INTERVAL_MS [TICK_MS]
 *   With TICK_MS > 0 the client wakes only on a grid of TICK_MS (sleeping through readiness in between)
 *   and then collects every ready socket at once: what coalescing wake-ups saves, measured.
 *   Servers are PREFIX.(1 + i / 250).(1 + i % 250):PORT for i in 0..N-1, each checked every INTERVAL_MS,
 *   first checks spread evenly over one interval. Reads commands on stdin: "count" prints
 *   "count CHECKS OK", "quit" (or end of input) exits.
 * Variants, for comparing details of the exchange (environment): FLOOR_CLOSE=now closes as soon as the status
 *   line is in (default: at the server's FIN), FLOOR_LINGER=1 closes with a FIN instead of a RST, FLOOR_LT=1
 *   waits level-triggered as keepalived does (EPOLLOUT until the request is sent, then EPOLLIN).
 *   FLOOR_KEEPALIVE=1 keeps one HTTP/1.1 connection per server and sends each check's request on it (a new
 *   connection only when the server has closed it): what a check costs without the TCP handshake and teardown.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct server {
    struct sockaddr_in addr;
    int64_t due_ms;
    int fd;
    int sent;
    int good;
    char request[160];
    int request_len;
    int inflight; /* keep-alive: a request sent on the open connection awaits its answer */
};

static int64_t now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long checks, ok;
static int keepalive;

static void finish(struct server *s, int good) {
    close(s->fd); /* SO_LINGER 0: RST, and the socket leaves the epoll set with its last reference */
    s->fd = -1;
    s->inflight = 0;
    checks++;
    if (good) {
        ok++;
    }
}

/* the next check one interval on, or one interval from now when the client fell behind */
static void advance(struct server *s, int64_t now, int64_t interval) {
    s->due_ms += interval;
    if (s->due_ms <= now) {
        s->due_ms = now + interval;
    }
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s N PREFIX PORT INTERVAL_MS [TICK_MS]\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]);
    const char *prefix = argv[2];
    int port = atoi(argv[3]);
    int64_t interval = (int64_t) atoi(argv[4]) * 1000; /* microseconds */
    int64_t tick = argc == 6 ? (int64_t) atoi(argv[5]) * 1000 : 0;
    if (n <= 0 || n > 60000 || port <= 0 || port > 65535 || interval <= 0) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    struct server *servers = calloc((size_t) n, sizeof *servers);
    if (servers == NULL) {
        return 1;
    }
    int64_t start = now_us();
    for (int i = 0; i < n; i++) {
        char ip[64];
        snprintf(ip, sizeof ip, "%s.%d.%d", prefix, 1 + i / 250, 1 + i % 250);
        servers[i].addr.sin_family = AF_INET;
        servers[i].addr.sin_port = htons((uint16_t) port);
        if (inet_pton(AF_INET, ip, &servers[i].addr.sin_addr) != 1) {
            fprintf(stderr, "bad address %s\n", ip);
            return 2;
        }
        servers[i].fd = -1;
        servers[i].due_ms = start + interval * i / n;
        servers[i].request_len = snprintf(servers[i].request, sizeof servers[i].request,
                "GET /healthz HTTP/1.%d\r\nUser-Agent: floor\r\nHost: %s:%d\r\n\r\n", getenv("FLOOR_KEEPALIVE") != NULL, ip, port);
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event in = {.events = EPOLLIN, .data.u64 = UINT64_MAX};
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &in);
    /* FLOOR_CLOSE: "eof" (default) closes once the server has closed, "now" as soon as the status line is in;
       FLOOR_LINGER=1 closes with a FIN instead of a RST */
    const char *mode = getenv("FLOOR_CLOSE");
    int at_eof = mode == NULL || strcmp(mode, "now") != 0;
    int use_rst = getenv("FLOOR_LINGER") == NULL;
    /* FLOOR_LT=1: level-triggered, EPOLLOUT until the request is sent, then EPOLLIN (one epoll_ctl more) */
    int level = getenv("FLOOR_LT") != NULL;
    keepalive = getenv("FLOOR_KEEPALIVE") != NULL;
    struct linger rst = {1, 0};
    struct epoll_event events[256];
    char buf[2048];
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (;;) {
        int64_t now = now_us();
        int64_t next = now + interval;
        for (int i = 0; i < n; i++) {
            struct server *s = &servers[i];
            if (s->due_ms <= now && keepalive && s->fd >= 0 && s->sent && !s->inflight) {
                /* the connection is open and idle: this check is one send */
                advance(s, now, interval);
                s->good = 0;
                if (send(s->fd, s->request, (size_t) s->request_len, MSG_NOSIGNAL) != s->request_len) {
                    finish(s, 0);
                } else {
                    s->inflight = 1;
                }
            }
            if (s->due_ms <= now) {
                if (s->fd >= 0) {
                    finish(s, 0); /* no answer within a whole interval: a failed check */
                }
                advance(s, now, interval);
                int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
                if (fd < 0) {
                    checks++;
                    continue;
                }
                if (use_rst) {
                    setsockopt(fd, SOL_SOCKET, SO_LINGER, &rst, sizeof rst);
                }
                s->fd = fd;
                s->sent = 0;
                s->good = 0;
                if (connect(fd, (struct sockaddr *) &s->addr, sizeof s->addr) < 0 && errno != EINPROGRESS) {
                    finish(s, 0);
                } else {
                    struct epoll_event ev = {.events = level ? EPOLLOUT : EPOLLIN | EPOLLOUT | EPOLLET, .data.u64 = (uint64_t) i};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
            }
            if (s->due_ms < next) {
                next = s->due_ms;
            }
        }
        int got;
        if (tick > 0) {
            /* sleep to the grid point of the next due check, or the next one if a check is in flight */
            int inflight = 0;
            for (int i = 0; i < n && !inflight; i++) {
                inflight = servers[i].fd >= 0;
            }
            int64_t t = now_us();
            int64_t wake = ((inflight ? t : next) / tick + 1) * tick;
            if (!inflight && next % tick == 0) {
                wake = next;
            }
            struct timespec ts = {.tv_sec = wake / 1000000, .tv_nsec = (wake % 1000000) * 1000};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
            got = epoll_wait(ep, events, 256, 0);
        } else {
            /* rounded up: a timeout rounded down wakes early and spins on epoll_wait(0) until the check is due */
            int64_t wait_us = next - now_us();
            got = epoll_wait(ep, events, 256, wait_us <= 0 ? 0 : (int) ((wait_us + 999) / 1000));
        }
        for (int k = 0; k < got; k++) {
            if (events[k].data.u64 == UINT64_MAX) {
                char line[64];
                if (fgets(line, sizeof line, stdin) == NULL || strncmp(line, "quit", 4) == 0) {
                    return 0;
                }
                if (strncmp(line, "count", 5) == 0) {
                    printf("count %ld %ld\n", checks, ok);
                }
                continue;
            }
            struct server *s = &servers[events[k].data.u64];
            if (s->fd < 0) {
                continue;
            }
            if (events[k].events & (EPOLLERR | EPOLLHUP)) {
                /* refused, reset, or closed before an answer; EPOLLIN with data is read below first */
                if (!(events[k].events & EPOLLIN)) {
                    finish(s, 0);
                    continue;
                }
            }
            if (!s->sent && (events[k].events & EPOLLOUT)) {
                if (send(s->fd, s->request, (size_t) s->request_len, MSG_NOSIGNAL) != s->request_len) {
                    finish(s, 0);
                    continue;
                }
                s->sent = 1;
                s->inflight = 1;
                if (level) {
                    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = events[k].data.u64};
                    epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &ev);
                    continue;
                }
            }
            if (keepalive && (events[k].events & EPOLLIN)) {
                /* one read: the small answer arrives whole, and the next answer is a new edge */
                ssize_t r = recv(s->fd, buf, sizeof buf, 0);
                if (r <= 0) {
                    if (!(r < 0 && errno == EAGAIN)) {
                        if (s->inflight) {
                            finish(s, 0);
                        } else {
                            close(s->fd); /* closed while idle: reconnect at the next check, not a failure */
                            s->fd = -1;
                        }
                    }
                } else if (s->inflight) {
                    s->inflight = 0;
                    checks++;
                    if (r >= 12 && memcmp(buf, "HTTP/1.", 7) == 0 && memcmp(buf + 8, " 200", 4) == 0) {
                        ok++;
                    }
                }
                continue;
            }
            if (s->sent && (events[k].events & EPOLLIN)) {
                for (int reads = 0; reads < 16; reads++) {
                    ssize_t r = recv(s->fd, buf, sizeof buf, 0);
                    if (r < 0 && errno == EAGAIN) {
                        break;
                    }
                    if (r >= 12 && !s->good) {
                        s->good = memcmp(buf, "HTTP/1.", 7) == 0 && memcmp(buf + 8, " 200", 4) == 0;
                    }
                    if (r <= 0 || !at_eof) {
                        finish(s, s->good);
                        break;
                    }
                }
            }
        }
    }
}
