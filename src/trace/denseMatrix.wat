;; Dense float64 matrix-vector products for the trace's spectral norms (src/trace/denseMatrix.ts
;; embeds the assembled module). A is row-major with a row stride of np doubles, np a multiple of
;; 4, zero-padded; x and y hold np doubles; all pointers are byte offsets, 16-byte aligned.
(module
  (memory (export "mem") 1)

  ;; y = A·x: two rows at a time, two f64x2 partial sums per row.
  (func (export "matvec") (param $a i32) (param $x i32) (param $y i32) (param $np i32)
    (local $i i32) (local $j i32) (local $r0 i32) (local $r1 i32) (local $rb i32)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128) (local $xv v128) (local $xw v128)
    (local.set $rb (i32.shl (local.get $np) (i32.const 3)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $np)))
        (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rb)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $b0 (v128.const i64x2 0 0))
        (local.set $b1 (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $cdone
          (loop $cols
            (br_if $cdone (i32.ge_u (local.get $j) (local.get $rb)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $j))))
            (local.set $xw (v128.load offset=16 (i32.add (local.get $x) (local.get $j))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (i32.add (local.get $r0) (local.get $j))) (local.get $xv))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (i32.add (local.get $r0) (local.get $j))) (local.get $xw))))
            (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (v128.load (i32.add (local.get $r1) (local.get $j))) (local.get $xv))))
            (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (v128.load offset=16 (i32.add (local.get $r1) (local.get $j))) (local.get $xw))))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $cols)))
        (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
        (local.set $b0 (f64x2.add (local.get $b0) (local.get $b1)))
        (f64.store (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
        (f64.store offset=8 (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64x2.extract_lane 0 (local.get $b0)) (f64x2.extract_lane 1 (local.get $b0))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))

  ;; y = Aᵀ·x: y += x_i · (row i of A), for every row.
  (func (export "matvecT") (param $a i32) (param $x i32) (param $y i32) (param $np i32)
    (local $i i32) (local $j i32) (local $r i32) (local $rb i32) (local $p i32) (local $s v128)
    (local.set $rb (i32.shl (local.get $np) (i32.const 3)))
    (block $zdone
      (loop $zero
        (br_if $zdone (i32.ge_u (local.get $j) (local.get $rb)))
        (v128.store (i32.add (local.get $y) (local.get $j)) (v128.const i64x2 0 0))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $zero)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $np)))
        (local.set $s (f64x2.splat (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $r (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $j (i32.const 0))
        (block $cdone
          (loop $cols
            (br_if $cdone (i32.ge_u (local.get $j) (local.get $rb)))
            (local.set $p (i32.add (local.get $y) (local.get $j)))
            (v128.store (local.get $p)
              (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $s) (v128.load (i32.add (local.get $r) (local.get $j))))))
            (v128.store offset=16 (local.get $p)
              (f64x2.add (v128.load offset=16 (local.get $p)) (f64x2.mul (local.get $s) (v128.load offset=16 (i32.add (local.get $r) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))))
