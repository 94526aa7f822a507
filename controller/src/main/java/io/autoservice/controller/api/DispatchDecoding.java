package io.autoservice.controller.api;

import io.autoservice.common.plan.PlanLimits;
import io.autoservice.controller.limits.UndecodableMessages;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.grpc.ServerServiceDefinition;
import java.util.Optional;

/**
 * Decodes Dispatch requests so that a plan nested too deeply is refused by the plan gate, naming
 * its field, rather than by the transport with an opaque "Application error processing RPC".
 *
 * <p>Requests are decoded with a recursion limit of {@value #RECURSION_LIMIT} instead of protobuf's
 * 100 (about 150 JSON levels instead of 33; the message size limit bounds the work); a request
 * deeper still is refused through {@link UndecodableMessages}.
 */
final class DispatchDecoding {
  static final int RECURSION_LIMIT = 300;

  private DispatchDecoding() {}

  /**
   * The console service with its Dispatch method decoded as above; every other method as it was.
   */
  static ServerServiceDefinition apply(ServerServiceDefinition console) {
    String deeperThan =
        "the " + PlanLimits.MAX_DEPTH + " levels of objects and lists params and metadata may have";
    ServerServiceDefinition dispatch =
        UndecodableMessages.apply(
            console,
            ConsoleServiceGrpc.getDispatchMethod().getFullMethodName(),
            RECURSION_LIMIT,
            "plan",
            deeperThan);
    // A schedule carries a plan too: refused by the same gate.
    return UndecodableMessages.apply(
        dispatch,
        ConsoleServiceGrpc.getCreateScheduleMethod().getFullMethodName(),
        RECURSION_LIMIT,
        "schedule.plan",
        deeperThan);
  }

  /** Why a request carrying a plan could not be decoded, when it could not. */
  static Optional<String> refusal(com.google.protobuf.Message req) {
    return UndecodableMessages.refusal(req);
  }

  /** Why the request could not be decoded, when it could not. */
  static Optional<String> refusal(DispatchRequest req) {
    return UndecodableMessages.refusal(req);
  }
}
