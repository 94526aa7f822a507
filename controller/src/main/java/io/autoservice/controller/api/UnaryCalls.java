package io.autoservice.controller.api;

import io.autoservice.controller.errors.Statuses;
import io.grpc.stub.StreamObserver;

/**
 * Answers a unary console call with its value, or with the status {@link Statuses} maps its failure
 * to.
 */
final class UnaryCalls {
  private UnaryCalls() {}

  interface Call<T> {
    T get() throws Exception;
  }

  static <T> void answer(StreamObserver<T> out, Call<T> call) {
    T value;
    try {
      value = call.get();
    } catch (Exception e) {
      out.onError(Statuses.exception(e));
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }
}
