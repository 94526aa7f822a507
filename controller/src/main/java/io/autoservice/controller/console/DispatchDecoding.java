package io.autoservice.controller.console;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.autoservice.common.plan.PlanLimits;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.InputStream;
import java.util.Optional;

/**
 * Decodes Dispatch requests so that a plan nested too deeply is refused by the plan gate, naming
 * its field, rather than by the transport with an opaque "Application error processing RPC": gRPC
 * turns any decoding failure into UNKNOWN, whatever status the marshaller throws.
 *
 * <p>Requests are decoded with a recursion limit of {@value #RECURSION_LIMIT} instead of protobuf's
 * 100 (about 150 JSON levels instead of 33; the message size limit bounds the work). A request
 * deeper still is not failed: it decodes as an empty request that carries the refusal, which the
 * handler answers as INVALID_ARGUMENT.
 */
final class DispatchDecoding {
  static final int RECURSION_LIMIT = 300;
  /** The highest field number protobuf allows; console.proto never uses it. */
  private static final int REFUSAL_FIELD = 536_870_911;

  private DispatchDecoding() {}

  /** The console service with its Dispatch method decoded as above; every other method as it was. */
  static ServerServiceDefinition apply(ServerServiceDefinition console) {
    ServiceDescriptor old = console.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(old.getName()).setSchemaDescriptor(old.getSchemaDescriptor());
    java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : console.getMethods()) {
      ServerMethodDefinition<?, ?> replaced = m;
      if (m.getMethodDescriptor().getFullMethodName().equals(ConsoleServiceGrpc.getDispatchMethod().getFullMethodName())) {
        replaced = deep(cast(m));
      }
      methods.add(replaced);
      descriptor.addMethod(replaced.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(b::addMethod);
    return b.build();
  }

  /** Why the request could not be decoded, when it could not. */
  static Optional<String> refusal(DispatchRequest req) {
    var field = req.getUnknownFields().getField(REFUSAL_FIELD);
    return field == null || field.getLengthDelimitedList().isEmpty()
        ? Optional.empty()
        : Optional.of(field.getLengthDelimitedList().get(0).toStringUtf8());
  }

  @SuppressWarnings("unchecked")
  private static <R> ServerMethodDefinition<DispatchRequest, R> cast(ServerMethodDefinition<?, ?> m) {
    return (ServerMethodDefinition<DispatchRequest, R>) m;
  }

  private static <R> ServerMethodDefinition<DispatchRequest, R> deep(ServerMethodDefinition<DispatchRequest, R> m) {
    MethodDescriptor.Marshaller<DispatchRequest> standard = m.getMethodDescriptor().getRequestMarshaller();
    MethodDescriptor.Marshaller<DispatchRequest> marshaller =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(DispatchRequest value) {
            return standard.stream(value);
          }

          @Override
          public DispatchRequest parse(InputStream stream) {
            byte[] bytes;
            try {
              bytes = stream.readAllBytes(); // at most the server's inbound message limit
            } catch (java.io.IOException e) {
              throw new IllegalStateException("cannot read the request", e);
            }
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(RECURSION_LIMIT);
            try {
              return DispatchRequest.parser().parseFrom(in);
            } catch (InvalidProtocolBufferException e) {
              boolean tooDeep = String.valueOf(e.getMessage()).contains("levels of nesting");
              return refused(tooDeep
                  ? "plan: nested far deeper than the " + PlanLimits.MAX_DEPTH
                      + " levels of objects and lists params and metadata may have"
                  : "request: not a valid DispatchRequest (" + e.getMessage() + ")");
            }
          }
        };
    return ServerMethodDefinition.create(
        m.getMethodDescriptor().toBuilder(marshaller, m.getMethodDescriptor().getResponseMarshaller()).build(),
        m.getServerCallHandler());
  }

  private static DispatchRequest refused(String why) {
    return DispatchRequest.newBuilder()
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(REFUSAL_FIELD, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFromUtf8(why)).build())
            .build())
        .build();
  }
}
