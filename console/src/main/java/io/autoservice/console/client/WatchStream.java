package io.autoservice.console.client;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A server-streaming watch read one message at a time (the transport asks for the next message only
 * when this one was taken, so a slow console never makes anyone buffer). {@link #close()} cancels
 * the call from any thread; a reader blocked in {@link #hasNext()} then gets a {@link
 * ConsoleException} of kind {@code CANCELLED}. Failures arrive as {@link ConsoleException}.
 *
 * @param <T> the console's view of one message
 */
public final class WatchStream<T> implements Iterator<T>, AutoCloseable {
  private final Context.CancellableContext context;
  private final Iterator<?> messages;
  private final Function<Object, T> mapper;
  private final String target;
  private final Runnable onUnreachable;

  /**
   * @param onUnreachable called when the watch fails with UNAVAILABLE, so the next call goes to
   *     another replica
   */
  <M> WatchStream(
      Context.CancellableContext context,
      Iterator<M> messages,
      Function<M, T> mapper,
      String target,
      Runnable onUnreachable) {
    this.context = context;
    this.messages = messages;
    @SuppressWarnings("unchecked")
    Function<Object, T> m = (Function<Object, T>) mapper;
    this.mapper = m;
    this.target = target;
    this.onUnreachable = onUnreachable;
  }

  /** Blocks until the next message or the end; false once the controller completed the stream. */
  @Override
  public boolean hasNext() {
    try {
      return messages.hasNext();
    } catch (StatusRuntimeException e) {
      throw failed(e);
    }
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      return mapper.apply(messages.next());
    } catch (StatusRuntimeException e) {
      throw failed(e);
    }
  }

  private ConsoleException failed(StatusRuntimeException e) {
    if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
      onUnreachable.run();
    }
    return ConsoleException.from(e, target);
  }

  /** Cancels the watch; safe to call more than once and from any thread. */
  @Override
  public void close() {
    context.cancel(null);
  }
}
