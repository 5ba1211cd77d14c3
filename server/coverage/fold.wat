;; The per-cell fold of runs.ts (accumulateRuns) in WebAssembly with 128-bit SIMD: a camera's
;; runs into the cell words (cell-words.ts). Same arithmetic, same bits: the distance of cell k
;; of a run is d0 + k·dStep, its density floor(P / d) saturating at 0x7fff quanta, and a word
;; becomes (the better of its best and that) plus one camera. What the SIMD buys: two divisions
;; per instruction, four cells of a north/south run (consecutive words) read, compared and
;; written per instruction, and no bounds checks (measured: a one-thread recompute of the 1 km²
;; scene 16–22 % faster than with the JavaScript fold; a scalar WebAssembly fold gained only ~7 %).
;; Built into fold-wasm.ts by scripts/build-fold-wasm.mjs.
;;
;; Hand-inlined (a call per cell costs more than the cell): $fold_cell in comments marks the
;; one read-modify-write spelled out at each use.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Cells k in [k0, k1) of a run whose cell 0 is at byte address $base, one cell every $stepBytes
  ;; bytes (4: a north/south run, consecutive words; else an east/west run, one grid row apart).
  (func $piece (param $base i32) (param $k0 i32) (param $k1 i32) (param $stepBytes i32)
      (param $d0 f64) (param $dStep f64) (param $P f64)
    (local $ptr i32) (local $k i32) (local $q i32) (local $w i32) (local $x f64)
    (local $vd0 v128) (local $vStep v128) (local $vP v128) (local $kv v128) (local $q4 v128) (local $wv v128)
    (local.set $ptr (i32.add (local.get $base) (i32.mul (local.get $k0) (local.get $stepBytes))))
    (local.set $k (local.get $k0))
    (local.set $vd0 (f64x2.splat (local.get $d0)))
    (local.set $vStep (f64x2.splat (local.get $dStep)))
    (local.set $vP (f64x2.splat (local.get $P)))
    ;; (k, k + 1) as doubles; the pair (k + 2, k + 3) is kv + 2.
    (local.set $kv (f64x2.replace_lane 1 (f64x2.splat (f64.convert_i32_s (local.get $k)))
      (f64.convert_i32_s (i32.add (local.get $k) (i32.const 1)))))
    (block $quadsDone (loop $quads
      (br_if $quadsDone (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $k1)))
      ;; Four densities: trunc(P / d) (d > 0), at most 0x7fff.
      (local.set $q4 (i32x4.min_s (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (i32x4.trunc_sat_f64x2_s_zero (f64x2.div (local.get $vP)
            (f64x2.add (local.get $vd0) (f64x2.mul (local.get $kv) (local.get $vStep)))))
          (i32x4.trunc_sat_f64x2_s_zero (f64x2.div (local.get $vP)
            (f64x2.add (local.get $vd0) (f64x2.mul (f64x2.add (local.get $kv) (v128.const f64x2 2 2)) (local.get $vStep))))))))
      (if (i32.eq (local.get $stepBytes) (i32.const 4))
        (then
          ;; Four consecutive words at once: best = q where q > best, count + 1.
          (local.set $wv (v128.load (local.get $ptr)))
          (v128.store (local.get $ptr) (i32x4.add (v128.const i32x4 1 1 1 1)
            (v128.bitselect
              (v128.or (i32x4.shl (local.get $q4) (i32.const 16)) (v128.and (local.get $wv) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff)))
              (local.get $wv)
              (i32x4.gt_s (local.get $q4) (i32x4.shr_s (local.get $wv) (i32.const 16))))))
          (local.set $ptr (i32.add (local.get $ptr) (i32.const 16))))
        (else
          ;; $fold_cell × 4, one grid row apart.
          (local.set $q (i32x4.extract_lane 0 (local.get $q4))) (local.set $w (i32.load (local.get $ptr)))
          (i32.store (local.get $ptr) (i32.add (i32.const 1) (select (i32.or (i32.shl (local.get $q) (i32.const 16)) (i32.and (local.get $w) (i32.const 0xffff))) (local.get $w) (i32.gt_s (local.get $q) (i32.shr_s (local.get $w) (i32.const 16))))))
          (local.set $ptr (i32.add (local.get $ptr) (local.get $stepBytes)))
          (local.set $q (i32x4.extract_lane 1 (local.get $q4))) (local.set $w (i32.load (local.get $ptr)))
          (i32.store (local.get $ptr) (i32.add (i32.const 1) (select (i32.or (i32.shl (local.get $q) (i32.const 16)) (i32.and (local.get $w) (i32.const 0xffff))) (local.get $w) (i32.gt_s (local.get $q) (i32.shr_s (local.get $w) (i32.const 16))))))
          (local.set $ptr (i32.add (local.get $ptr) (local.get $stepBytes)))
          (local.set $q (i32x4.extract_lane 2 (local.get $q4))) (local.set $w (i32.load (local.get $ptr)))
          (i32.store (local.get $ptr) (i32.add (i32.const 1) (select (i32.or (i32.shl (local.get $q) (i32.const 16)) (i32.and (local.get $w) (i32.const 0xffff))) (local.get $w) (i32.gt_s (local.get $q) (i32.shr_s (local.get $w) (i32.const 16))))))
          (local.set $ptr (i32.add (local.get $ptr) (local.get $stepBytes)))
          (local.set $q (i32x4.extract_lane 3 (local.get $q4))) (local.set $w (i32.load (local.get $ptr)))
          (i32.store (local.get $ptr) (i32.add (i32.const 1) (select (i32.or (i32.shl (local.get $q) (i32.const 16)) (i32.and (local.get $w) (i32.const 0xffff))) (local.get $w) (i32.gt_s (local.get $q) (i32.shr_s (local.get $w) (i32.const 16))))))
          (local.set $ptr (i32.add (local.get $ptr) (local.get $stepBytes)))))
      (local.set $kv (f64x2.add (local.get $kv) (v128.const f64x2 4 4)))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $quads)))
    ;; The last 0–3 cells one by one: $fold_cell.
    (block $done (loop $cells
      (br_if $done (i32.ge_s (local.get $k) (local.get $k1)))
      (local.set $x (f64.div (local.get $P) (f64.add (local.get $d0) (f64.mul (f64.convert_i32_s (local.get $k)) (local.get $dStep)))))
      (local.set $q (i32.trunc_sat_f64_s (local.get $x)))
      (local.set $q (select (local.get $q) (i32.const 0x7fff) (i32.lt_s (local.get $q) (i32.const 0x7fff))))
      (local.set $w (i32.load (local.get $ptr)))
      (i32.store (local.get $ptr) (i32.add (i32.const 1) (select (i32.or (i32.shl (local.get $q) (i32.const 16)) (i32.and (local.get $w) (i32.const 0xffff))) (local.get $w) (i32.gt_s (local.get $q) (i32.shr_s (local.get $w) (i32.const 16))))))
      (local.set $ptr (i32.add (local.get $ptr) (local.get $stepBytes)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $cells))))

  ;; Runs [0, count) of one camera at byte address $runs (two i32 each: first cell, (length << 2) | wedge)
  ;; into the words at $words, their cells in grid rows [own0, own1) only (the caller folds the rest
  ;; into its spill). $params: per wedge six f64 (gu, gv, aX, aY, a0, sgn; runs.ts wedgeAxes) at
  ;; 48·wedge, then P (px/m scale in quanta) at 192. W: cells per grid row.
  (func (export "foldRuns") (param $runs i32) (param $count i32) (param $params i32) (param $W i32)
      (param $words i32) (param $own0 i32) (param $own1 i32)
    (local $end i32) (local $first i32) (local $meta i32) (local $len i32) (local $pw i32) (local $xMajor i32)
    (local $col i32) (local $row i32) (local $u i32) (local $v0 i32) (local $v1 i32) (local $m0 i32) (local $m1 i32)
    (local $P f64) (local $dStep f64)
    (local.set $P (f64.load offset=192 (local.get $params)))
    (local.set $end (i32.add (local.get $runs) (i32.shl (local.get $count) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $runs) (local.get $end)))
      (local.set $first (i32.load (local.get $runs)))
      (local.set $meta (i32.load offset=4 (local.get $runs)))
      (local.set $len (i32.shr_s (local.get $meta) (i32.const 2)))
      (local.set $pw (i32.add (local.get $params) (i32.mul (i32.and (local.get $meta) (i32.const 3)) (i32.const 48))))
      (local.set $xMajor (i32.lt_u (i32.and (local.get $meta) (i32.const 3)) (i32.const 2)))
      (local.set $col (i32.rem_u (local.get $first) (local.get $W)))
      (local.set $row (i32.div_u (local.get $first) (local.get $W)))
      ;; u: the run's wedge column; v0..v1: its rows in the wedge (grid rows for east/west runs).
      (local.set $u (select (local.get $col) (local.get $row) (local.get $xMajor)))
      (local.set $v0 (select (local.get $row) (local.get $col) (local.get $xMajor)))
      (local.set $v1 (i32.sub (i32.add (local.get $v0) (local.get $len)) (i32.const 1)))
      ;; The owned cells [m0, m1] (empty when m0 > m1).
      (if (local.get $xMajor)
        (then
          (local.set $m0 (select (local.get $v0) (local.get $own0) (i32.gt_s (local.get $v0) (local.get $own0))))
          (local.set $m1 (select (local.get $v1) (i32.sub (local.get $own1) (i32.const 1))
            (i32.lt_s (local.get $v1) (i32.sub (local.get $own1) (i32.const 1))))))
        (else
          (local.set $m0 (local.get $v0))
          (local.set $m1 (select (local.get $v1) (i32.sub (local.get $v0) (i32.const 1))
            (i32.and (i32.ge_s (local.get $u) (local.get $own0)) (i32.lt_s (local.get $u) (local.get $own1)))))))
      (if (i32.le_s (local.get $m0) (local.get $m1))
        (then
          (local.set $dStep (f64.load offset=24 (local.get $pw)))
          (call $piece
            (i32.add (local.get $words) (i32.shl (local.get $first) (i32.const 2)))
            (i32.sub (local.get $m0) (local.get $v0))
            (i32.add (i32.sub (local.get $m1) (local.get $v0)) (i32.const 1))
            (select (i32.shl (local.get $W) (i32.const 2)) (i32.const 4) (local.get $xMajor))
            ;; d0 = aX·(sgn·(u + ½ − gu)) + a0 + aY·(v0 + ½ − gv), in runs.ts's order of operations
            (f64.add
              (f64.add
                (f64.mul (f64.load offset=16 (local.get $pw))
                  (f64.mul (f64.load offset=40 (local.get $pw))
                    (f64.sub (f64.add (f64.convert_i32_s (local.get $u)) (f64.const 0.5)) (f64.load (local.get $pw)))))
                (f64.load offset=32 (local.get $pw)))
              (f64.mul (local.get $dStep)
                (f64.sub (f64.add (f64.convert_i32_s (local.get $v0)) (f64.const 0.5)) (f64.load offset=8 (local.get $pw)))))
            (local.get $dStep)
            (local.get $P))))
      (local.set $runs (i32.add (local.get $runs) (i32.const 8)))
      (br $next))))
)
