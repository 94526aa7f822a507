package io.autoservice.testsupport;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shuts down the gRPC servers and channels a test registers, the JUnit 5 counterpart of grpc-java's
 * {@code GrpcCleanupRule}: {@code shutdownNow} on each (last registered first), then waits for each
 * to terminate, and fails the test if one does not within {@link #TERMINATION}. What is registered
 * during a test (or its {@code @BeforeEach}) goes after that test; what a {@code static} extension
 * gets in {@code @BeforeAll} goes after the class.
 *
 * <p>A whole server that owns its gRPC server (a controller) registers as an {@link AutoCloseable}
 * and is closed in the same last-first order: a channel registered after its server is shut down
 * before the server closes, so the server does not sit out a grace period for the channel's live
 * streams. Closing twice must be harmless, since a test that restarts may close one itself.
 *
 * <pre>{@code @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
 * ManagedChannel channel = grpc.register(InProcessChannelBuilder.forName(name).build());}</pre>
 */
public final class GrpcCleanupExtension
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  /** How long each server or channel gets to terminate after {@code shutdownNow}. */
  public static final Duration TERMINATION = Duration.ofSeconds(5);

  private final Deque<Resource> perClass = new ArrayDeque<>();
  private final Deque<Resource> perTest = new ArrayDeque<>();
  private boolean inTest;

  /** Shuts {@code channel} down after the test. */
  public <T extends ManagedChannel> T register(T channel) {
    add(new Resource(channel.toString(), channel::shutdownNow, channel::awaitTermination));
    return channel;
  }

  /** Shuts {@code server} down after the test. */
  public <T extends Server> T register(T server) {
    add(new Resource(server.toString(), server::shutdownNow, server::awaitTermination));
    return server;
  }

  /** Closes {@code closeable} after the test, in turn with the channels and servers. */
  public <T extends AutoCloseable> T register(T closeable) {
    add(new Resource(closeable.toString(), closeable::close, (t, u) -> true));
    return closeable;
  }

  private synchronized void add(Resource r) {
    (inTest ? perTest : perClass).push(r);
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    inTest = true;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    List<Resource> mine;
    synchronized (this) {
      inTest = false;
      mine = drain(perTest);
    }
    release(mine);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    List<Resource> mine;
    synchronized (this) {
      mine = drain(perClass);
    }
    release(mine);
  }

  private static List<Resource> drain(Deque<Resource> from) {
    List<Resource> out = new ArrayList<>(from);
    from.clear();
    return out;
  }

  /** Shuts everything down first, so one slow channel does not delay the others' shutdown. */
  private static void release(List<Resource> resources) throws Exception {
    Exception failed = null;
    for (Resource r : resources) {
      try {
        r.shutdownNow.run();
      } catch (Exception e) { // the others still get shut down
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    List<String> stuck = new ArrayList<>();
    long end = System.nanoTime() + TERMINATION.toNanos();
    for (Resource r : resources) {
      long left = Math.max(0, end - System.nanoTime());
      if (!r.awaitTermination.await(left, TimeUnit.NANOSECONDS)) {
        stuck.add(r.name);
      }
    }
    if (!stuck.isEmpty()) {
      throw new AssertionError(
          "not terminated within " + TERMINATION + " of shutdownNow: " + stuck, failed);
    }
    if (failed != null) {
      throw failed;
    }
  }

  @FunctionalInterface
  private interface Shutdown {
    void run() throws Exception;
  }

  @FunctionalInterface
  private interface Await {
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;
  }

  private record Resource(String name, Shutdown shutdownNow, Await awaitTermination) {}
}
