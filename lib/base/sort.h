/*
 * sort.h: the one radix sort of fu, for the big sorts by a 64-bit key
 * (fu-sample's gift rows by customer and customers by rank).
 *
 * An LSD radix sort, a byte a pass, stable: records with equal keys
 * keep the order they came in, so a caller whose comparator breaks
 * ties some other way sorts each run of equal keys after (rare, and
 * short).  One pass over the keys counts every byte at once; a byte all
 * the keys share (or that the mask drops) costs no pass.
 *
 * measured (hyperfine -N -w 1 -r 10, min / median): fu-sample on 10M
 * gift rows (--week 2026-11-W3, rotation off) 3.31 / 3.49 s with this
 * sort, 5.33 / 5.44 s with qsort (glibc's merge sort), 3.20 / 3.32 s
 * with the old in-place MSD macro; peak 207 MiB (qsort 205, old 210).
 * fu-due on 1M contacts (the picks) 0.85 / 0.91 s, 0.97 / 1.03 s with
 * qsort_r.
 * An MSD variant that orders only the first k (fu-sample needs the
 * first k customers) could save at most what sorting the customers
 * costs, 0.18 s of 3.5 (5%), and k is most of them: not kept.
 */
#ifndef FU_SORT_H
#define FU_SORT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sort the n records of a, each size bytes, by the uint64_t at byte
 * offset off in each (it need not be aligned), masked by mask (bits
 * cleared in mask do not order), low first, stable.  tmp is n * size
 * bytes of scratch the caller owns, or NULL for the sort to allocate
 * and free its own.  Records of 8 and 16 bytes are moved fastest.
 */
void	 sort_radix(void *a, size_t n, size_t size, size_t off,
	    uint64_t mask, void *tmp);

#endif
