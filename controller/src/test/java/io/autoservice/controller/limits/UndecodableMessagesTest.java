package io.autoservice.controller.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class UndecodableMessagesTest {
  private static final String DISPATCH = ConsoleServiceGrpc.getDispatchMethod().getFullMethodName();

  private static MethodDescriptor.Marshaller<?> dispatchMarshaller() {
    ServerServiceDefinition service =
        UndecodableMessages.apply(
            new ConsoleServiceGrpc.ConsoleServiceImplBase() {}.bindService(),
            DISPATCH,
            300,
            "plan",
            "the limit");
    return service.getMethod(DISPATCH).getMethodDescriptor().getRequestMarshaller();
  }

  @Test
  void theReplacedMethodStillNamesItsMessageTypeForJsonTranscoding() {
    // gRPC-Web with JSON (the web console) finds the message type through the prototype; without
    // it every Dispatch from a browser failed UNKNOWN.
    assertThat(dispatchMarshaller())
        .isInstanceOfSatisfying(
            MethodDescriptor.PrototypeMarshaller.class,
            m -> {
              assertThat(m.getMessagePrototype()).isEqualTo(DispatchRequest.getDefaultInstance());
              assertThat(m.getMessageClass()).isEqualTo(DispatchRequest.class);
            });
  }

  @Test
  void bytesThatAreNotTheMessageStillDecodeAsARefusal() {
    Object parsed = dispatchMarshaller().parse(new ByteArrayInputStream(new byte[] {(byte) 0xff}));
    assertThat(UndecodableMessages.refusal((DispatchRequest) parsed))
        .hasValueSatisfying(why -> assertThat(why).startsWith("plan: not a valid DispatchRequest"));
  }
}
