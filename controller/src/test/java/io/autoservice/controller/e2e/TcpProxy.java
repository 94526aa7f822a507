package io.autoservice.controller.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy standing in for the network between an agent and the controller: the agent
 * dials {@link #address()}, each connection is forwarded to the target port, and faults are
 * switched at runtime. It only moves bytes, so TLS (or anything else) passes through untouched.
 *
 * <ul>
 *   <li>{@link #cut()}: resets every current connection (RST on both sides), as a router reboot or
 *       a Wi-Fi drop does; new connections are accepted as before.
 *   <li>{@link #delay(Duration)}: every chunk waits this long before it is forwarded (per
 *       direction, in order), as a slow or congested link does.
 *   <li>{@link #blackhole()}: connections are accepted and held, but nothing is forwarded either
 *       way, and new ones are not connected through: a dead link that neither side is told about,
 *       which only a keepalive or an application timeout can find.
 *   <li>{@link #heal()}: no faults; held bytes flow on (TCP kept them, as it does when a link comes
 *       back before either side gave up).
 * </ul>
 *
 * <p>Plain blocking sockets, two threads per connection: a test sees a handful of connections.
 */
final class TcpProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final int targetPort;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Object faults = new Object();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong cuts = new AtomicLong();
  private volatile boolean closed;
  // Guarded by faults; read without it on the fast path.
  private volatile boolean blackholed;
  private volatile long delayNanos;

  private TcpProxy(int targetPort, ServerSocket server) {
    this.targetPort = targetPort;
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:targetPort}. */
  static TcpProxy to(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TcpProxy proxy = new TcpProxy(targetPort, server);
    proxy.acceptor.start();
    return proxy;
  }

  /** {@code 127.0.0.1:<port>}: what an agent dials to go through this proxy. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Connections accepted so far (an agent reconnecting shows as a new one). */
  long accepted() {
    return accepted.get();
  }

  /** Connections reset by {@link #cut()} so far. */
  long cuts() {
    return cuts.get();
  }

  /** Resets every current connection on both sides; keeps accepting. */
  void cut() {
    for (Link link : List.copyOf(links)) {
      cuts.incrementAndGet();
      link.reset();
    }
  }

  void delay(Duration perChunk) {
    synchronized (faults) {
      delayNanos = perChunk.toNanos();
    }
  }

  void blackhole() {
    synchronized (faults) {
      blackholed = true;
    }
  }

  /** Ends every fault: delay off, black hole lifted (held connections carry on). */
  void heal() {
    synchronized (faults) {
      blackholed = false;
      delayNanos = 0;
      faults.notifyAll();
    }
  }

  @Override
  public void close() {
    closed = true;
    heal();
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    for (Link link : List.copyOf(links)) {
      link.reset();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Link link = new Link(client);
      links.add(link);
      Thread t = new Thread(link::open, "tcp-proxy-link-" + client.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  /** Waits while the link is black-holed; false once the proxy closed. */
  private boolean awaitPassable() {
    synchronized (faults) {
      while (blackholed && !closed) {
        try {
          faults.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return !closed;
  }

  /** One proxied connection: the client's socket and, once connected, the target's. */
  private final class Link {
    private final Socket client;
    private volatile Socket target;
    private volatile boolean reset;

    /** Directions still open; the second to see end-of-stream closes the link. */
    private final AtomicInteger pumping = new AtomicInteger(2);

    Link(Socket client) {
      this.client = client;
    }

    /** Connects to the target (not before a black hole lifts), then pumps both ways. */
    void open() {
      try {
        // A black-holed link accepts but never gets through: the client sees a silent peer.
        if (!awaitPassable() || reset) {
          reset();
          return;
        }
        Socket t = new Socket();
        t.setTcpNoDelay(true);
        t.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        target = t;
        client.setTcpNoDelay(true);
        if (reset) {
          reset();
          return;
        }
      } catch (IOException e) {
        reset(); // the controller is down: the agent sees its connection reset, as without a proxy
        return;
      }
      List<Thread> pumps = new ArrayList<>();
      pumps.add(pump(client, target, "up"));
      pumps.add(pump(target, client, "down"));
      pumps.forEach(Thread::start);
    }

    private Thread pump(Socket from, Socket to, String direction) {
      Thread t =
          new Thread(() -> copy(from, to), "tcp-proxy-" + direction + "-" + client.getPort());
      t.setDaemon(true);
      return t;
    }

    private void copy(Socket from, Socket to) {
      byte[] buf = new byte[CHUNK];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (!awaitPassable()) {
            break;
          }
          long delay = delayNanos;
          if (delay > 0) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
            if (!awaitPassable()) { // black-holed while this chunk waited
              break;
            }
          }
          out.write(buf, 0, n);
          out.flush();
        }
        // An orderly close on one side is passed on as one: half-close, then the other pump ends
        // it.
        if (!reset) {
          to.shutdownOutput();
          if (pumping.decrementAndGet() > 0) {
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        // Reset by cut(), or the peer went away: end the other side as well.
      }
      reset();
    }

    /** RST both sides (SO_LINGER 0), so each peer sees "connection reset", not a clean close. */
    void reset() {
      reset = true;
      links.remove(this);
      abort(client);
      Socket t = target;
      if (t != null) {
        abort(t);
      }
    }

    private void abort(Socket s) {
      try {
        s.setSoLinger(true, 0);
      } catch (SocketException ignored) {
        // Already closed.
      }
      try {
        s.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }
}
