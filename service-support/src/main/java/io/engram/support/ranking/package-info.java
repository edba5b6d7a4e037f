/** Rank arithmetic shared by the services that fuse ranked lists (retrieval's paths, the answer context). */
@NullMarked
package io.engram.support.ranking;

import org.jspecify.annotations.NullMarked;
