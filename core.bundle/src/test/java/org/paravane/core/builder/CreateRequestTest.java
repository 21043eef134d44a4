package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CreateRequestTest {

    @Test
    void defaultsAndCommandLine() {
        CreateRequest r = CreateRequest.parse(List.of("k.elf", "hello", "world"));
        assertEquals(new CreateRequest("k.elf", null, 16, 1, "hello world"), r);
        assertEquals("", CreateRequest.parse(List.of("k.elf")).cmdline());
    }

    @Test
    void options() {
        CreateRequest r = CreateRequest.parse(List.of("--name", "web", "-m", "32", "--vcpus", "2", "k.elf", "memtest"));
        assertEquals(new CreateRequest("k.elf", "web", 32, 2, "memtest"), r);
    }

    @Test
    void mistakesNameTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CreateRequest.parse(List.of()))
                .getMessage().startsWith("no kernel given"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CreateRequest.parse(List.of("-x", "1", "k")))
                .getMessage().startsWith("unknown option -x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CreateRequest.parse(List.of("-m", "lots", "k")))
                .getMessage().startsWith("-m needs a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CreateRequest.parse(List.of("--vcpus", "65", "k")))
                .getMessage().startsWith("--vcpus must be 1..64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CreateRequest.parse(List.of("--name")))
                .getMessage().startsWith("option --name needs a value"));
    }
}
