package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.config.Env;
import dev.veil.display.protocol.IngestProtocol;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sink names its anonymization modes as the display server knows them (the display shows others as unknown). */
class IngestProtocolTest {

    @Test
    void everyModeOfTheSinkIsOneTheDisplayKnows() {
        Set<String> sent = Arrays.stream(AnonymizeMode.values()).map(Env::spelling).collect(Collectors.toSet());
        assertEquals(IngestProtocol.MODES, sent);
    }

    @Test
    void theModeThatLeavesFacesVisibleIsTheOneTheViewerWarnsAbout() {
        List<String> showing = Arrays.stream(AnonymizeMode.values()).filter(mode -> !mode.hidesFaces())
                .map(Env::spelling).toList();
        assertEquals(List.of(IngestProtocol.FACES_VISIBLE_MODE), showing);
    }
}
