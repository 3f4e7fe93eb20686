package dam.core.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.asset.AssetRepository;
import dam.core.library.DownloadService;
import dam.core.library.LibraryStore;
import dam.core.library.RightsService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Lanes: an asset version's items stay on one lane, lanes run together, reads are made once per asset per batch. */
class BulkLanesTest {

    private final BulkFixture f = new BulkFixture();
    /** Reads that reached the fixture's stores, by method name. */
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final AssetRepository countedAssets = counted(AssetRepository.class, f.assets);
    private final LibraryStore countedLibrary = counted(LibraryStore.class, f.library);
    /** assetId → the lanes that rendered one of its items. */
    private final Map<String, Set<Integer>> lanesOf = new ConcurrentHashMap<>();

    private String job(int assets, String... presets) {
        List<String> ids = IntStream.range(0, assets).mapToObj(i -> f.asset(String.format("a%03d", i))).toList();
        return f.service.create(BulkFixture.OWNER, f.request(ids, presets)).job().jobId();
    }

    /** A worker of {@code n} lanes, each with its own batch reads over the counted stores. */
    private BulkWorker worker(int n, CyclicBarrier allStarted) {
        List<BatchReads> caches = new ArrayList<>();
        List<ItemRenderer> lanes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int lane = i;
            BatchReads cached = new BatchReads(countedAssets, countedLibrary);
            RightsService rights = new RightsService(cached.assets(), cached.library(), f.access, f.events, f.clock);
            DownloadService downloads = new DownloadService(cached.assets(), cached.library(), f.access, rights,
                    f.storage, f.renderer, DownloadService.DEFAULT_FORMATS);
            ItemRenderer render = ItemRenderer.viaDownloads(cached.assets(), downloads, rights);
            AtomicInteger calls = new AtomicInteger();
            lanes.add(item -> {
                if (allStarted != null && calls.getAndIncrement() == 0) {
                    await(allStarted);
                }
                lanesOf.computeIfAbsent(item.assetId(), k -> ConcurrentHashMap.newKeySet()).add(lane);
                return render.render(item);
            });
            caches.add(cached);
        }
        return new BulkWorker(f.jobs, lanes, () -> caches.forEach(BatchReads::clear), f.events, f.clock);
    }

    @Test
    void lanesRenderTogetherEachAssetOnOneLaneEachItemOnce() {
        String id = job(12, "story", "linkedin", "instagram-square");
        List<BulkItem> items = f.manifest(id);
        // Every lane's first item waits for the other two: all three lanes really render in this batch.
        BulkWorker.BatchResult result = worker(3, new CyclicBarrier(3)).run(id, items);

        assertThat(result).isEqualTo(new BulkWorker.BatchResult(36, 0, 0));
        assertThat(f.rendered).hasSize(36).doesNotHaveDuplicates();
        assertThat(f.jobs.find(id).orElseThrow().done()).isEqualTo(36);
        assertThat(f.jobs.outcomes(id)).hasSize(36);
        assertThat(lanesOf).hasSize(12).allSatisfy((asset, lanes) -> assertThat(lanes).as(asset).hasSize(1));
        assertThat(lanesOf.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void anAssetsReadsAreMadeOncePerBatchAndAgainInTheNext() {
        String id = job(4, "story", "linkedin", "instagram-square");
        List<BulkItem> items = f.manifest(id);
        BulkWorker worker = worker(1, null);
        reads.clear();

        worker.run(id, items.subList(0, 6)); // a000 and a001, three presets each
        assertThat(count("find")).as("asset reads").isEqualTo(2);
        assertThat(count("rights")).as("rights reads").isEqualTo(2);
        assertThat(count("findVersion")).isEqualTo(2);
        assertThat(count("presets")).as("one brand").isEqualTo(1);

        worker.run(id, items.subList(6, 12)); // the next batch reads afresh: a002, a003 and the brand again
        assertThat(count("find")).isEqualTo(4);
        assertThat(count("rights")).isEqualTo(4);
        assertThat(count("presets")).isEqualTo(2);
        assertThat(f.rendered).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void aCrashInOneLaneStopsTheBatchAfterRecordingWhatTheLanesRendered() {
        String id = job(10, "story", "linkedin");
        List<BulkItem> items = f.manifest(id);
        f.crashAfter = 5;
        assertThatThrownBy(() -> worker(2, null).run(id, items)).hasMessageContaining("crashed");
        BulkJob mid = f.jobs.find(id).orElseThrow();
        assertThat(mid.done()).as("the five rendered before the crash, recorded").isEqualTo(5);
        assertThat(f.jobs.outcomes(id)).hasSize(5);

        f.crashAfter = -1;
        assertThat(worker(2, null).run(id, items)).isEqualTo(new BulkWorker.BatchResult(15, 0, 5));
        assertThat(f.rendered).hasSize(20).doesNotHaveDuplicates();
        assertThat(f.jobs.find(id).orElseThrow().done()).isEqualTo(20);
    }

    private int count(String method) {
        return reads.getOrDefault(method, new AtomicInteger()).get();
    }

    private <T> T counted(Class<T> type, T target) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            reads.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the lanes did not all start", e);
        }
    }
}
