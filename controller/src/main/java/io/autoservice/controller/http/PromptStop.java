package io.autoservice.controller.http;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.common.util.ThreadFactories;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The accepting thread of an Armeria server, made to stop at once. Armeria shuts its boss group
 * down with Netty's default two-second quiet period, so every {@code stop()} took over two seconds
 * (each controller shutdown, and each test that starts a controller with the web console). The boss
 * only accepts connections, and its listening sockets are closed before it is shut down: nothing is
 * left for it to wait for. Armeria reaches the group through its event loops' {@code parent()}, so
 * a wrapping group would be bypassed: the group itself must stop promptly.
 */
public final class PromptStop {
  private PromptStop() {}

  /** For {@code ServerBuilder.bossGroupFactory}. */
  public static Function<String, EventLoopGroup> bossGroups() {
    return name -> {
      ThreadFactory threads = ThreadFactories.newThreadFactory(name, false);
      IoHandlerFactory io = ioHandlers();
      if (io == null) {
        return EventLoopGroups.newEventLoopGroup(1, threads); // other transports: Armeria's own
      }
      return new MultiThreadIoEventLoopGroup(1, threads, io) {
        @Override
        public Future<?> shutdownGracefully() {
          return shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
      };
    };
  }

  /**
   * The I/O handlers of the transport Armeria opens its server sockets with, which the boss must
   * match. By name: the epoll classes are on the runtime classpath only. Null for any other
   * transport, or if the class is missing.
   */
  private static IoHandlerFactory ioHandlers() {
    String handler =
        switch (Flags.transportType()) {
          case EPOLL -> "io.netty.channel.epoll.EpollIoHandler";
          case NIO -> "io.netty.channel.nio.NioIoHandler";
          default -> null;
        };
    if (handler == null) {
      return null;
    }
    try {
      return (IoHandlerFactory) Class.forName(handler).getMethod("newFactory").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
