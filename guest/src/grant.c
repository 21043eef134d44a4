/*
 * Grant-table allocator, v1 (facts §3.1, §3.5). gnttab_init asks for GNT_FRAMES table
 * frames (GNTTABOP_setup_table) and maps them outside RAM with memory_op(add_to_physmap,
 * XENMAPSPACE_grant_table), one call per frame (docs/abi.md §4.3). Four frames give 2,040
 * usable references: enough for a full multi-page blkif ring of 11-segment requests. References 0..7 are reserved
 * (GNTTAB_NR_RESERVED_ENTRIES); the rest are handed out from a free list.
 *
 * Granting: write frame and domid, write fence, then flags (the hypervisor must see a
 * complete entry once flags say "permit"). Ending: clear flags only while neither
 * GTF_reading nor GTF_writing is set, with a compare-and-swap (facts §3.5).
 */
#include "kernel.h"

#define GNT_GPFN     0x7FF00UL   /* where the table frames are mapped: below RAM */
#define GNT_FRAMES   4
#define GNT_ENTRIES  (GNT_FRAMES * XEN_PAGE_SIZE / sizeof(struct grant_entry_v1))

static struct grant_entry_v1 *table;
static uint16_t next_free[GNT_ENTRIES];
static int free_head = -1;
static unsigned free_count;

/* References still free (callers size their batches with it). */
unsigned gnttab_free_count(void)
{
    return free_count;
}

int gnttab_init(void)
{
    if (table != 0) {
        return 0; /* already set up (several drivers may ask) */
    }
    uint64_t frames[GNT_FRAMES];
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = GNT_FRAMES,
                                     .frame_list = (uint64_t)(uintptr_t)frames };
    long rc = hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table, (long)&st, 1, 0, 0);
    if (rc != 0 || st.status != GNTST_okay) {
        printf("grant: setup_table failed rc=%ld status=%d\n", rc, st.status);
        return -1;
    }
    for (unsigned i = 0; i < GNT_FRAMES; i++) {
        struct xen_add_to_physmap ap = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table, .idx = i,
                                         .gpfn = GNT_GPFN + i };
        rc = hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (long)&ap, 0, 0, 0);
        if (rc != 0) {
            printf("grant: add_to_physmap of frame %u failed rc=%ld\n", i, rc);
            return -1;
        }
    }
    table = (struct grant_entry_v1 *)(GNT_GPFN << XEN_PAGE_SHIFT);
    free_count = 0;
    free_head = -1;
    for (int r = (int)GNT_ENTRIES - 1; r >= XEN_GNTTAB_NR_RESERVED_ENTRIES; r--) {
        next_free[r] = (uint16_t)(free_head < 0 ? 0xFFFF : free_head);
        free_head = r;
        free_count++;
    }
    return 0;
}

int gnttab_grant_access(uint16_t domid, uint64_t gfn, int readonly)
{
    if (table == 0 || free_head < 0) {
        return -1;
    }
    int ref = free_head;
    free_head = next_free[ref] == 0xFFFF ? -1 : next_free[ref];
    free_count--;
    table[ref].frame = (uint32_t)gfn;
    table[ref].domid = domid;
    wmb();
    __atomic_store_n(&table[ref].flags, (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0)),
                     __ATOMIC_SEQ_CST);
    return ref;
}

int gnttab_end_access(int ref)
{
    if (table == 0 || ref < XEN_GNTTAB_NR_RESERVED_ENTRIES || ref >= (int)GNT_ENTRIES) {
        return -1;
    }
    /* flags (u16) and domid (u16) share the entry's first 32-bit word: CAS that word, as
     * RV64IMAC has no 16-bit atomics. */
    uint32_t *word = (uint32_t *)&table[ref];
    uint32_t w = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    do {
        if (w & (GTF_reading | GTF_writing)) {
            return -1; /* still mapped by the grantee: the caller must retry later */
        }
    } while (!__atomic_compare_exchange_n(word, &w, w & 0xFFFF0000u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    next_free[ref] = (uint16_t)(free_head < 0 ? 0xFFFF : free_head);
    free_head = ref;
    free_count++;
    return 0;
}
