package dam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryReportTest {

    @TempDir
    Path state;

    @Test
    void peakMedianInitAndP95AreReadFromTheReportLinesOfEveryStateDirectory() throws IOException {
        Path first = Files.createDirectories(state.resolve("shared-1/lambda/logs"));
        Path second = Files.createDirectories(state.resolve("reminders-2/lambda/logs"));
        Files.writeString(first.resolve("Dam-IngestRenditionFunction949BBA44.log"), String.join("\n",
                "START RequestId: a",
                "REPORT RequestId: a\tDuration: 900.50 ms\tBilled Duration: 901 ms\tMemory Size: 1769 MB"
                        + "\tMax Memory Used: 300 MB\tInit Duration: 2500.00 ms",
                "REPORT RequestId: b\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 1769 MB"
                        + "\tMax Memory Used: 487 MB",
                "REPORT RequestId: c\tDuration: 120.00 ms\tBilled Duration: 120 ms\tMemory Size: 1769 MB"
                        + "\tMax Memory Used: 350 MB\tStatus: error",
                "REPORT RequestId: d\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 1769 MB",
                "REPORT RequestId: g\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 2048 MB"
                        + "\tMax Memory Used: 900 MB"));
        Files.writeString(second.resolve("Dam-IngestRenditionFunction949BBA44.log"),
                "REPORT RequestId: e\tDuration: 50.00 ms\tBilled Duration: 50 ms\tMemory Size: 1769 MB"
                        + "\tMax Memory Used: 310 MB\tInit Duration: 3100.25 ms\n");
        Files.writeString(second.resolve("Dam-RemindersHandlerFunctionD9FC05BD.log"),
                "REPORT RequestId: f\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 512 MB"
                        + "\tMax Memory Used: 150 MB\n");

        List<MemoryReport.Row> rows = MemoryReport.measure(MemoryReport.logFiles(List.of(state.resolve("shared-1"),
                state.resolve("reminders-2"), state.resolve("missing"))));

        assertEquals(3, rows.size(), rows.toString());
        MemoryReport.Row rendition = rows.get(0);
        assertEquals("IngestRendition", rendition.function());
        assertEquals(1769, rendition.memoryMb());
        assertEquals(4, rendition.invocations(), "the line without a memory figure (worker gone) is skipped");
        assertEquals(487, rendition.peakMb());
        assertEquals(350, rendition.medianMb());
        assertEquals(3100.25, rendition.maxInitMs());
        assertEquals(900.50, rendition.p95DurationMs());
        assertEquals(2048, rows.get(1).memoryMb(), "another memory size is another row");
        assertEquals(900, rows.get(1).peakMb());
        assertEquals("RemindersHandler", rows.get(2).function());
        String table = MemoryReport.markdown(rows);
        assertTrue(table.contains("| IngestRendition | 1769 | 4 | 487 | 350 | 3100 | 901 |"), table);
    }
}
