package io.autoservice.controller.web;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs an endpoint that reads the store on the blocking executor, never on an event loop. */
final class Blocking {
  private Blocking() {}

  static HttpService of(HttpService delegate) {
    return (ctx, req) ->
        HttpResponse.of(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return delegate.serve(ctx, req);
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                },
                ctx.blockingTaskExecutor()));
  }
}
