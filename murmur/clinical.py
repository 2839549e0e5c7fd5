"""Every physiological and acoustic constant murmur uses, with its source.

Numbers marked *proposal* are murmur's own choices: a default where no
published figure exists, or a value picked inside a range. A range given here
without a reference is the one commonly taught for auscultation, for which
murmur cites no primary source; the value chosen inside it is a *proposal*.
Numbers marked *teaching* are the deliberate exaggerations teaching recordings
use. The circulation model and its parameter set are described in
``docs/circulation.md`` ([Circulation]).

References
----------
.. [Weissler1968] Weissler AM, Harris WS, Schoenfeld CD. Systolic time
   intervals in heart failure in man. Circulation 37:149-159 (1968).
.. [Chen1997] Chen D, Durand LG, Lee HC. Time-frequency analysis of the first
   heart sound. Part 1: simulation and analysis. Med Biol Eng Comput
   35:306-310 (1997).
.. [Xu2000] Xu J, Durand LG, Pibarot P. Nonlinear transient chirp signal
   modeling of the aortic and pulmonary components of the second heart sound.
   IEEE Trans Biomed Eng 47:1328-1335 (2000).
.. [Schmidt2010] Schmidt SE et al. Segmentation of heart sound recordings by
   a duration-dependent hidden Markov model. Physiol Meas 31:513-529 (2010).
.. [Donnerstein1989] Donnerstein RL. Continuous spectral analysis of heart
   murmurs for evaluating stenotic cardiac lesions. Am J Cardiol
   64:625-630 (1989).
.. [Noponen2007] Noponen AL, Lukkarinen S, Angerla A, Sepponen R.
   Phono-spectrographic analysis of heart murmur in children. BMC Pediatr
   7:23 (2007).
.. [Freeman1933] Freeman AR, Levine SA. The clinical significance of the
   systolic murmur. Ann Intern Med 6:1371-1385 (1933).
.. [Keren2005] Keren R, Tereschuk M, Luan X. Evaluation of a novel method
   for grading heart murmur intensity. Arch Pediatr Adolesc Med 159:329-334
   (2005). (The Levine grades worded relative to the heart sounds.)
.. [Cieslinski1984] Cieslinski A, Hui WK, Oldershaw PJ, Gregoratos G,
   Gibson D. Interaction between systolic and diastolic time intervals in
   atrial fibrillation. Br Heart J 51:431-437 (1984).
.. [Tabata2001] Tabata T et al. Assessment of LV systolic function in atrial
   fibrillation using an index of preceding cardiac cycles. Am J Physiol
   Heart Circ Physiol 281:H573-H580 (2001).
.. [Corino2011] Corino VDA, Sandberg F, Mainardi LT, Sornmo L. An
   atrioventricular node model for analysis of the ventricular response
   during atrial fibrillation. IEEE Trans Biomed Eng 58:3386-3395 (2011).
.. [Lian2007] Lian J, Clifford GD, Muessig D, Lang V. Open source model for
   generating RR intervals in atrial fibrillation and beyond. Biomed Eng
   Online 6:9 (2007).
.. [Sakai1971] Sakai A, Feigen LP, Luisada AA. Frequency distribution of the
   heart sounds in normal man. Cardiovasc Res 5:358-363 (1971).
.. [Yoganathan1976] Yoganathan AP et al. Use of the fast Fourier transform in
   the frequency analysis of the second heart sound in normal man. July
   1976 (journal, volume and pages not verified; probably Med Biol Eng 14).
.. [vandenDoel2001] van den Doel K, Kry PG, Pai DK. FoleyAutomatic:
   physically-based sound effects for interactive simulation and animation.
   Proc SIGGRAPH 2001:537-544 (modal synthesis of impact sounds).
.. [Aumann2019] Aumann HM, Emanetoglu NW. Stethoscope with digital frequency
   translation for improved audibility. Healthc Technol Lett 6:143-146
   (2019).
.. [Karliner1973] Karliner JS et al. Haemodynamic explanation of why the murmur of mitral regurgitation is
   independent of cycle length. Br Heart J 35:397-401 (1973).
.. [Zwicker1990] Zwicker E, Fastl H. Psychoacoustics: Facts and Models.
   Springer (1990), chapter 11 (roughness peaks at 70 Hz modulation).
.. [Oliveira2022] Oliveira J et al. The CirCor DigiScope phonocardiogram
   dataset. IEEE J Biomed Health Inform 26:2524-2535 (2022); the calibration
   set in tests/data/realism, measured by benchmarks/realism.py.
.. [Gavriely1995] Gavriely N, Nissan M, Rubin AH, Cugell DW. Spectral
   characteristics of chest wall breath sounds in normal subjects. Thorax
   50:1292-1300 (1995).
.. [Gavriely1996] Gavriely N, Cugell DW. Airflow effects on amplitude and
   spectral content of normal breath sounds. J Appl Physiol 80:5-13 (1996).
.. [Orizio1993] Orizio C. Muscle sound: bases for the introduction of a
   mechanomyographic signal in muscle studies. Crit Rev Biomed Eng
   21:201-243 (1993).
.. [Hung1999] Hung J, Otsuji Y, Handschumacher MD, Schwammenthal E, Levine RA.
   Mechanism of dynamic regurgitant orifice area variation in functional
   mitral regurgitation: physiologic insights from the proximal flow
   convergence technique. J Am Coll Cardiol 33:538-545 (1999).
.. [Topilsky2012] Topilsky Y et al. Mitral valve prolapse with mid-late
   systolic mitral regurgitation: pitfalls of evaluation and clinical outcome
   compared with holosystolic regurgitation. Circulation 125:1643-1651 (2012).
.. [CanineMRA] Dynamic changes in the canine mitral regurgitant orifice area
   during ventricular ejection (acute MR in five dogs; the orifice fell
   monotonically to 59 % of its initial area, with LV volume). Authors and
   journal not verified here: the abstract as indexed by scilit.net.
.. [Houtgast1985] Houtgast T, Steeneken HJM. A review of the MTF concept in
   room acoustics and its use for estimating speech intelligibility in
   auditoria. J Acoust Soc Am 77:1069-1077 (1985).
.. [CVSim] Heldt T, Mukkamala R, Moody GB, Mark RG. CVSim: an open-source
   cardiovascular simulator for teaching and research. Open Pacing
   Electrophysiol Ther J 3:45-54 (2010).
.. [Regazzoni2022] Regazzoni F, Salvador M, Africa PC, Fedele M, Dede L,
   Quarteroni A. A cardiac electromechanical model coupled with a
   lumped-parameter model for closed-loop blood circulation. J Comput Phys
   457:111083 (2022).
.. [Simaan2009] Simaan MA, Ferreira A, Chen S, Antaki JF, Galati DG. A
   dynamical state space representation and performance analysis of a
   feedback-controlled rotary left ventricular assist device. IEEE Trans
   Control Syst Technol 17:15-28 (2009).
.. [Stergiopulos1996] Stergiopulos N, Meister JJ, Westerhof N. Determinants
   of stroke volume and systolic and diastolic aortic pressure. Am J Physiol
   270:H2050-H2059 (1996).
.. [Bazett1920] Bazett HC. An analysis of the time-relations of
   electrocardiograms. Heart 7:353-370 (1920). (QT = 0.37-0.40 sqrt(RR) s;
   0.41 is the upper end in common teaching use.)
.. [McSharry2003] McSharry PE, Clifford GD, Tarassenko L, Smith LA. A
   dynamical model for generating synthetic electrocardiogram signals. IEEE
   Trans Biomed Eng 50:289-294 (2003). (P-QRS-T as a sum of Gaussians.)
.. [Zoghbi2017] Zoghbi WA et al. Recommendations for noninvasive evaluation
   of native valvular regurgitation (ASE). J Am Soc Echocardiogr 30:303-371
   (2017); the severity classes as in the ACC/AHA 2020 valve guideline.
.. [Circulation] ``docs/circulation.md`` in this repository: the lumped
   circulation model (:mod:`murmur.physio.circulation`), its parameter set
   and the published sources it rests on, and its resting targets.
"""

from __future__ import annotations

from typing import TypedDict


class ValveImpact(TypedDict):
    """One valve's closure impact in :data:`VALVE_IMPACT`: energy ``gain`` relative to the valve part, ``band_hz``
    (Hz), number of ``modes``, their ``q`` and the source's ``slope_db_oct`` (dB/octave)."""

    gain: float
    band_hz: tuple[float, float]
    modes: int
    q: float
    slope_db_oct: float


class BackgroundMode(TypedDict):
    """One recording condition in :data:`BACKGROUND`: ``floor_db``, ``breath_share``, ``wander_db`` (dB),
    ``bursts_per_s``, ``burst_db`` (low, high dB) and ``voice_db`` (dB, or None: no voices)."""

    floor_db: float
    breath_share: float
    wander_db: float
    bursts_per_s: float
    burst_db: tuple[float, float]
    voice_db: float | None


# --- Timing (adult, sinus rhythm) -------------------------------------------
#: ECG Q to mitral closure (M1), ms: the commonly taught delay. *proposal*
Q_TO_M1_MS = 50.0
#: M1 to tricuspid closure (T1), ms: 20-30 ms (commonly taught); 25 ms is a
#: *proposal* inside it.
M1_TO_T1_MS = 25.0
#: QS2 regression, ms = a - b * HR [Weissler1968].
QS2_MEN_MS = (546.0, 2.1)
QS2_WOMEN_MS = (549.0, 2.0)
#: Above the Weissler data (about 150 bpm) the linear fit runs to absurdly short
#: systoles (84 ms at 220 bpm), so QS2 is floored at this fraction of the RR
#: interval. *proposal*: keeps systole about 55 % of the cycle in tachycardia.
QS2_MIN_FRACTION_OF_RR = 0.55
QS2_REGRESSION_MAX_BPM = 150.0

#: S2 split A2->P2, ms. Expiration 0-15 ms; inspiration 30-40 ms (realistic)
#: (commonly taught; the values are *proposal* inside those ranges), 60 ms at
#: peak inspiration (*teaching*).
SPLIT_EXPIRATION_MS = 8.0
SPLIT_PEAK_INSPIRATION_MS = {"realistic": 40.0, "teaching": 60.0}
#: Share of the respiratory widening taken by A2 moving earlier (the rest is
#: P2 moving later): roughly a third, as commonly taught. *proposal*
SPLIT_A2_SHARE = 1.0 / 3.0
#: Fraction of the breath spent in inspiration (I:E about 1:1.5). *proposal*
INSPIRATION_FRACTION = 0.4
#: Respiratory sinus arrhythmia amplitude, bpm: normal +-3-5 bpm, faster on
#: inspiration (commonly taught); 4 bpm is a *proposal* inside it.
RSA_BPM = 4.0

#: S3 130-180 ms after A2, 40-60 ms long, 20-50 Hz (commonly taught); 150 ms
#: is a *proposal* inside it.
A2_TO_S3_MS = 150.0
#: When a short diastole leaves no room for the S3 at A2_TO_S3_MS (its sound,
#: S3_LENGTH_MS, must end by the next M1), it comes earlier, down to the
#: published 130 ms; if it still does not fit, the next systole cuts rapid
#: filling short and there is no separate S3 (it fuses with S1: the
#: summation of fast rates). *proposal* within the 130-180 ms above.
A2_TO_S3_MIN_MS = 130.0
#: S4 50-70 ms before S1, 30-50 Hz (commonly taught); 60 ms is a *proposal*
#: inside it.
S4_TO_M1_MS = 60.0

#: Beat-to-beat jitter: a few % of amplitude, a few ms of timing, so that a
#: loop does not sound mechanical. *proposal*
JITTER_GAIN_SD = 0.03
JITTER_TIMING_SD_MS = 1.5
#: Jitter clips (*proposal*: they keep "a few" a few). Event timing jitter is
#: clipped at this many SD; the ECG Q time (sinus) at +-3 ms; the gain jitter
#: at +-0.1 (+-0.9 dB).
JITTER_CLIP_SD = 3.0
Q_JITTER_CLIP_MS = 3.0
JITTER_GAIN_CLIP = 0.1
#: P2 never comes less than this after A2, whatever the jitter (a 0-15 ms
#: expiratory split stays a split). *proposal*
MIN_SPLIT_MS = 2.0

#: Atrial fibrillation: RR coefficient of variation 0.2-0.3 (commonly
#: taught; 0.25 is a *proposal* inside it).
#: RR = refractory minimum + a gamma-distributed wait (the Erlang-like,
#: right-skewed RR histogram of AF, an AV node summing random atrial inputs
#: after its refractory period [Lian2007], [Corino2011]), with the mean RR
#: of the case; the SD is CV x mean RR, but at most the mean wait, so the
#: rhythm looks more regular when the mean rate nears the refractory limit
#: (fast AF "pseudo-regularises").
AF_RR_CV = 0.25
#: Refractory minimum of the AF RR: AF_MIN_RR_FRACTION of the mean RR, but
#: never below AF_MIN_RR_MS. The AV node's functional refractory period
#: sets the shortest RR in AF: about 300 ms at rest, shorter with
#: sympathetic drive (it falls on head-up tilt [Corino2011]); 250 ms is the
#: floor for a conducting AV node at full drive (*proposal*, no pre-excited
#: pathway). 0.45 of the mean RR gives 300 ms at 90 bpm, 250 ms from
#: 132 bpm up. *proposal*
AF_MIN_RR_FRACTION = 0.45
AF_MIN_RR_MS = 250.0
#: The next QRS cannot come before the ventricle has recovered from the last
#: one: an AF impulse arriving earlier is blocked, and the next conducted one
#: follows. This sets each beat's own floor: the next M1 comes at least this
#: long after the last S2 component (P2). The S2 sound lasts S2_LENGTH_MS
#: and isovolumic relaxation takes 60-80 ms after A2; at RR < 400 ms the
#: filling shrinks into the next pre-ejection period but never vanishes
#: [Cieslinski1984]. *proposal*: 100 ms (sinus rhythm at 220 bpm keeps
#: about 120 ms).
MIN_S2_TO_NEXT_M1_MS = 100.0
#: In AF the systolic intervals of a beat follow its filling, i.e. the
#: preceding RR: QA2 is taken from the rate 60 / RR_prev (shorter after a
#: short cycle, [Cieslinski1984]). The pre-preceding RR changes the force of
#: the beat (potentiation, [Tabata2001]) but, in patients, not the time
#: intervals [Cieslinski1984], so it is not used for timing.
#: S1 loudness in AF varies with the preceding RR (shorter -> louder, as the
#: valve closes from a wider opening): gain = (RR_prev / RR_mean) ** -exponent,
#: *proposal* giving about +-2 dB for the usual spread.
AF_S1_RR_EXPONENT = 0.5

# --- Sound components ---------------------------------------------------------
#: S1 valvular part: two exponentially decaying sinusoids near 50 and 150 Hz
#: [Chen1997]; myocardial part: a sweep 20 -> 100 Hz [Chen1997]. Decays,
#: gains and the valve rise (VALVE_RISE_MS) are *proposal*, set so that S1 as
#: heard (chest wall included) has its centroid near 100 Hz over the whole
#: sound (113 Hz with the closure impact, VALVE_IMPACT), 76 Hz in
#: benchmarks/realism.py's S1 state with no floor and 95 Hz on the clinic
#: floor (109 and 113 Hz --aligned) (real recordings: 96 Hz, IQR 81-119, in children
#: [Oliveira2022]; adult S1 sits a little lower), falls about -3 dB/octave
#: from 100 to 200 Hz, steeper above (-6.5 dB/octave overall [Sakai1971]),
#: and peaks 1.4 times A2 at the apex (A2_GAIN). The former 22/12 ms
#: decays, 0.35 sweep and 2nd-order chest wall gave 52-55 Hz, half the real.
S1_VALVE_HZ = (50.0, 150.0)
S1_VALVE_DECAY_MS = (16.0, 8.0)
S1_VALVE_GAIN = (0.18, 0.84)
S1_SWEEP_HZ = (20.0, 100.0)
S1_SWEEP_MS = 90.0
S1_SWEEP_GAIN = 0.1
#: T1 relative to M1: 0.5-0.7 (commonly taught); 0.6 is a *proposal* inside it.
T1_GAIN = 0.6
#: Mean durations: S1 122 ms, S2 92 ms [Schmidt2010].
S1_DURATION_MS = 122.0
S2_DURATION_MS = 92.0

#: A2/P2: narrow-band chirps with falling frequency, about 150-250 Hz down to
#: 40-60 Hz, fast rise and 40-60 ms decay [Xu2000].
S2_CHIRP_START_HZ = 220.0
S2_CHIRP_END_HZ = 50.0
S2_CHIRP_SWEEP_MS = 15.0
S2_RISE_MS = 2.0
S2_DECAY_MS = 12.0
S2_LENGTH_MS = 60.0
#: The impact of each valve closure: besides the valve's ringing (the decaying
#: sinusoids and chirps above), closure stops the blood column abruptly and
#: sets the whole cardiohaemic system vibrating at once; as recorded that is
#: a broadband snap at the onset (S2 peaks in the 10-80, 80-220 and 220-400 Hz
#: bands [Yoganathan1976]; A2 falls -6 dB/octave from the lowest frequencies
#: to 80 Hz [Sakai1971]). It is modelled as in modal sound synthesis of
#: impacts [vandenDoel2001]: ``modes`` sinusoids spaced evenly in log
#: frequency over ``band_hz``, each decaying in ``q`` / (pi f) (constant Q:
#: higher modes die sooner), in Schroeder phases (low crest factor, no
#: randomness), with amplitudes giving a source spectrum sloping
#: ``slope_db_oct`` before the chest wall; ``gain`` is its energy relative to
#: the valve part's. *proposal*, set on ``benchmarks/realism.py --aligned``
#: (S1 and S2 states placed as the reference segmentation places them;
#: background none, 20 s; band power per Hz, dB re the strongest band).
#: Without it S1 fell 25 dB/octave from 175 to 350 Hz (real children -8.6,
#: adults -6.5 overall [Sakai1971]) and lay 7-32 dB under the real median
#: from 300 Hz to 2 kHz; S2 lay 14-38 dB under it from 300 Hz up and 23 dB
#: under it at 20-50 Hz. With it S1 is within 1 dB of the real median from
#: 600 Hz to 2 kHz and 4-6 dB under it at 300-600 Hz; S2 is within 5 dB from
#: 400 Hz up and 9 dB under at 20-50 Hz, still 10 dB short at 50-100 and
#: 300-400 Hz. Heard at the apex, S1 falls 21.6 dB from 100 to 800 Hz (46.8
#: without it) and keeps 96 % of its energy below 200 Hz
#: (tests/test_transients.py).
#: The impact rises over this long (raised cosine, ms): abrupt, but smooth
#: enough at the sample rates of murmur that a sub-sample shift stays
#: exact by linear interpolation. *proposal*
IMPACT_RISE_MS = 1.0
VALVE_IMPACT: dict[str, ValveImpact] = {
    "M1": {"gain": 0.6, "band_hz": (150.0, 1200.0), "modes": 20, "q": 3.0, "slope_db_oct": 0.0},
    "T1": {"gain": 0.6, "band_hz": (150.0, 1200.0), "modes": 20, "q": 3.0, "slope_db_oct": 0.0},
    "A2": {"gain": 1.0, "band_hz": (30.0, 1200.0), "modes": 32, "q": 2.5, "slope_db_oct": -1.0},
    "P2": {"gain": 1.0, "band_hz": (30.0, 1200.0), "modes": 32, "q": 2.5, "slope_db_oct": -1.0},
}
#: S1:A2 amplitude at the apex about 1.4:1 (commonly taught; *proposal*): the A2 chirp's
#: factor is tuned so that, as heard at the apex (after the chest wall), the
#: S1 complex (M1 + T1) peaks 1.4 times the A2 peak
#: (tests/test_transients.py measures it).
A2_GAIN = 1.16
#: P2 relative to A2: 0.5-0.8 at the base, softer at the apex (commonly
#: taught); 0.5 at the apex is a *proposal*.
P2_GAIN_APEX = 0.5

#: S3 (20-50 Hz, 40-60 ms) and S4 (30-50 Hz, 30-50 ms) (commonly taught);
#: frequencies and lengths are *proposal* inside those ranges, gains
#: *proposal*.
S3_HZ = 35.0
S3_LENGTH_MS = 55.0
S3_GAIN = 0.45
S4_HZ = 40.0
S4_LENGTH_MS = 40.0
S4_GAIN = 0.35
#: MVP click: 10-15 ms, higher-pitched than S1/S2 (commonly taught; its pitch
#: and length are *proposal*). Its gain
#: (*proposal*; no published level) makes the heard click at the apex about
#: 0.8 x the M1 peak (-2 dB): the click is the hallmark of MVP and must stand
#: out from the crescendo murmur that starts with it. At 0.55 it was 0.4 x M1
#: (-8 dB), a blip students missed after the chest wall took 10 dB off 320 Hz.
CLICK_HZ = 320.0
CLICK_LENGTH_MS = 12.0
CLICK_GAIN = 1.1
#: Click at 0.5-0.6 of S1->A2 (commonly taught); 0.55 is a *proposal* inside it.
CLICK_FRACTION_OF_SYSTOLE = 0.55

# --- Murmurs ------------------------------------------------------------------
#: Levine grade -> murmur plateau RMS relative to the S1/S2 RMS, dB.
#: *proposal* (no published dB scale exists), after the relative wording of
#: [Freeman1933] and [Keren2005].
LEVINE_DB = {1: -16.7, 2: -13.7, 3: -2.7, 4: 2.3, 5: 5.8, 6: 9.3}
#: MR envelope: onset within 10 ms of M1, plateau to A2 + 10-30 ms, attack and
#: release 10-30 ms (commonly taught); the values are *proposal* inside them.
MR_ATTACK_MS = 15.0
MR_RELEASE_MS = 15.0
MR_TAIL_AFTER_A2_MS = {"mild": 10.0, "moderate": 15.0, "severe": 20.0}
#: Slow turbulent amplitude modulation 5-15 Hz, +-10-30 %, so the noise sounds
#: like flow rather than hiss. *proposal*
MR_AM_HZ = (6.0, 13.0)
MR_AM_DEPTH = 0.25
#: Band-limited noise in a murmur's band swings by +-5 dB over 20 ms; a
#: murmur heard as a plateau swings less. The noise is divided by its smoothed
#: envelope raised to this power (1: a steady "low-noise noise", 0: raw
#: Gaussian noise); 0.6 keeps a grainy texture 2-3 dB deep. *proposal*
MURMUR_FLATTENING = 0.6
#: Beat-to-beat level of a murmur: SD, dB, clipped at 3 SD. Measured on the
#: calibration set: systolic level SD 2.3-3.3 dB (median per group) with the
#: floor's own 1.5-4 dB; S1's SD 1.0-1.8 dB. *proposal* within those.
MURMUR_BEAT_SD_DB = 1.5
#: Beat-to-beat level of S1 and of S2 as a whole: SD, dB (calibration set:
#: S1 level SD 1.0-1.8 dB, median per group, floor included). *proposal*
HEART_SOUND_BEAT_SD_DB = 1.0
#: In atrial fibrillation the MR murmur barely follows the preceding cycle
#: ("independent of cycle length" [Karliner1973], unlike ejection murmurs):
#: dB per doubling of the preceding RR. *proposal*
AF_MURMUR_RR_DB_PER_DOUBLING = 1.0
#: The MR murmur's amplitude follows the LV-LA pressure difference: amplitude
#: ~ Q^0.5 v^1.5 with Q ~ dP^0.5 and v ~ dP^0.5 (Bernoulli) gives amplitude ~
#: dP ([Circulation]). Pressures in mmHg over systole (fraction x of
#: M1 -> A2): LV rises as a quarter sine from its end-diastolic pressure to
#: its peak at ``MR_LV_PEAK_FRACTION``, falls as a parabola to its
#: end-systolic pressure at A2, then through isovolumic relaxation linearly
#: to the LA's over ``MR_IVRT_MS``; the LA rises linearly through systole to
#: its v wave at A2 (as the circulation model of [Circulation] gives them at
#: 75 bpm: LV 122/8, chronic severe MR LA about 10/16, IVRT 68 ms; LV peak
#: pressure at about 40 % of systole). So the
#: murmur rises fast after M1 (-6 dB at 40 ms), is broadest in the first
#: half and eases about 3 dB before A2: a plateau to the ear, not a flat line.
MR_PRESSURE_EXPONENT = 1.0
MR_LV_MMHG = {"end_diastolic": 10.0, "peak": 125.0}
#: Patients differ: each case (seed) draws, uniformly, where LV pressure peaks
#: (fraction of systole), its end-systolic pressure at A2 (mmHg) and the LA v
#: wave (mmHg, per severity: the bigger the leak, the taller; a compliant
#: chronic LA keeps it low, [Circulation]). *proposal* around the circulation
#: model's values; the murmur leans a little crescendo or decrescendo.
MR_LV_PEAK_FRACTION = (0.3, 0.5)
MR_LV_END_SYSTOLIC_MMHG = (90.0, 110.0)
MR_LA_START_MMHG = 10.0
MR_LA_V_WAVE_MMHG = {"mild": (12.0, 16.0), "moderate": (14.0, 22.0), "severe": (15.0, 28.0)}
MR_IVRT_MS = 70.0
#: The regurgitant orifice changes through systole, differently per patient:
#: it shrinks with LV volume where the leaflets are stiff (to 59 % of its
#: early area in acute canine MR [CanineMRA]), grows in late systole where a
#: leaflet prolapses [Topilsky2012], and dips in mid-systole in functional MR
#: (early and late peaks, [Hung1999]); a rigid rheumatic orifice stays fixed.
#: Area over systole (fraction x of M1 -> A2): ``1 + tilt (2x - 1) -
#: dip sin(pi x)``, floored at ``MR_ORIFICE_FLOOR``; the murmur's amplitude
#: goes as its square root (amplitude ~ Q^0.5 v^1.5, Q = area v). Each
#: patient (seed) draws tilt and dip uniformly from these ranges, so some
#: murmurs lean crescendo, some decrescendo, some sag mid-systole, as
#: phonocardiograms of MR do. The murmur's power over systole is kept (the
#: Levine calibration holds). *proposal*: ranges spanning the published
#: patterns: tilt -0.26 is the canine 59 % [CanineMRA]; the late-systolic
#: growth of prolapse (the commonest chronic primary MR) is the larger, up
#: to a 4:1 late/early area (tilt 0.6); a dip of 0.6 is a mid-systolic area
#: 40 % of the peaks' [Hung1999]. Each end reaches a little past those
#: published values (tilt -0.4 to 0.7, dip 0.7, floor 0.2), because the
#: LV-LA gradient's own fall late in systole cancels much of a growing
#: orifice as heard: with the published ends the heard systolic shape
#: variation (benchmarks/realism.py, the systole cut in five) of a grade 1
#: murmur in the quiet background was 0.097 (median of 4 patients), under
#: the 0.1 the calibration set's plateau murmurs all exceed; now 0.11, and
#: 0.17 at grade 3 in the clinic background (real: 0.27, IQR 0.15-0.39).
MR_ORIFICE_TILT = (-0.4, 0.7)
MR_ORIFICE_DIP = (0.0, 0.7)
MR_ORIFICE_FLOOR = 0.2
#: Quality. Harsh: the flow noise is rough, amplitude-modulated at 30-70 Hz
#: (the range heard as roughness [Zwicker1990]) by this depth, in a band this
#: much lower and broader (in octaves, each edge). Musical: a tone of
#: fundamental in ``MUSICAL_F0_HZ`` with harmonics falling 1/k^``MUSICAL_ROLLOFF``
#: and a slow vibrato (depth, rate Hz), over a little of the flow noise. *proposal*
HARSH_ROUGHNESS_HZ = (30.0, 70.0)
HARSH_DEPTH = 0.7
HARSH_BAND_SHIFT_OCT = (-0.6, -0.2)
MUSICAL_F0_HZ = (110.0, 180.0)
MUSICAL_HARMONICS = 6
MUSICAL_ROLLOFF = 1.0
MUSICAL_VIBRATO = 0.02
MUSICAL_VIBRATO_HZ = (4.0, 7.0)
MUSICAL_NOISE_SHARE = 0.2
#: Louder on expiration (commonly taught of left-sided murmurs): level change
#: at full inspiration, dB. *proposal*
MR_INSPIRATION_DB = -1.5
#: Murmur band-pass edges at the valve, Hz, per severity: dominant 130-410 Hz,
#: mean about 280 Hz [Donnerstein1989]; severe has more low-frequency energy
#: ("harsher") [Noponen2007]. Edges of a 4th-order Butterworth band-pass,
#: *proposal*, tuned so that as heard (after the chest wall, and the envelope
#: flattening in ``murmurs``) the spectral centroids are about 284, 262 and
#: 242 Hz for mild, moderate and severe, inside the 200-300 Hz of a
#: "high-pitched blowing" murmur, with under 2 % of the power above 600 Hz.
MR_BAND_HZ = {"mild": (190.0, 420.0), "moderate": (170.0, 400.0), "severe": (150.0, 390.0)}
#: The loudest cases bulge slightly mid-systole (commonly taught): a systolic
#: murmur of grade >= MURMUR_BULGE_MIN_GRADE swells by this fraction of its
#: plateau at mid-span. *proposal*
MURMUR_BULGE = 0.1
MURMUR_BULGE_MIN_GRADE = 5
#: S1 softens as the leak grows (poor coaptation; [Circulation]): severe MR
#: -4 to -6 dB (commonly taught; -5 dB is a *proposal* inside it); moderate
#: -2 dB, *proposal* between.
MR_S1_DB = {"mild": 0.0, "moderate": -2.0, "severe": -5.0}
#: Severe MR: A2 10-20 ms earlier (commonly taught); 15 ms is a *proposal*
#: inside it.
SEVERE_A2_EARLY_MS = 15.0
#: Severe MR diastolic flow rumble, 40-120 Hz, brief (commonly taught); starts at
#: mitral opening, taken here as A2 + 80 ms. *proposal* timing and level.
RUMBLE_BAND_HZ = (40.0, 120.0)
RUMBLE_AFTER_A2_MS = 80.0
RUMBLE_LENGTH_MS = 160.0
RUMBLE_REL_DB = -8.0
#: Acute severe MR: early decrescendo murmur fading before S2; ends at this
#: fraction of S1->A2. *proposal*
ACUTE_END_FRACTION = 0.7
#: MVP late-systolic crescendo murmur from the click to A2 + 10 ms.
MVP_TAIL_AFTER_A2_MS = 10.0
#: Posture moves the MVP click: standing/Valsalva 40-60 ms earlier (and the
#: murmur longer), squatting later (commonly taught); standing's 50 ms is a
#: *proposal* inside that range, squatting's 40 ms a *proposal*. The click
#: stays at least this far from M1 and from A2.
POSTURE_CLICK_SHIFT_MS = {"supine": 0.0, "standing": -50.0, "squatting": 40.0}
CLICK_MIN_GAP_MS = 40.0

# --- Transient heart sounds -------------------------------------------------
#: How long each transient lasts, ms: past it the waveform is zero. An S1
#: lasts 100-150 ms (commonly taught), mean 122 ms [Schmidt2010]; M1 and T1
#: (starting M1_TO_T1_MS later) are *proposal* lengths
#: that end the S1 complex at 135 ms, inside that range. A2, P2, S3, S4 and
#: the click take their lengths from "Sound components" above.
M1_LENGTH_MS = 130.0
T1_LENGTH_MS = 110.0
TRANSIENT_LENGTH_MS = {
    "M1": M1_LENGTH_MS,
    "T1": T1_LENGTH_MS,
    "A2": S2_LENGTH_MS,
    "P2": S2_LENGTH_MS,
    "S3": S3_LENGTH_MS,
    "S4": S4_LENGTH_MS,
    "click": CLICK_LENGTH_MS,
}
#: T1: the same valvular mechanism as M1 [Chen1997], a little lower pitched:
#: the two decaying sinusoids at 0.9 x S1_VALVE_HZ, Hz. *proposal* (no
#: published T1 frequencies; only its level, T1_GAIN, is commonly given).
T1_VALVE_HZ = (45.0, 135.0)
#: Envelope of the valvular sinusoids (M1, T1): a 0.5 ms exponential rise (so
#: the sound starts at zero, not with a step) and a half-cosine taper over the
#: last 20 ms of the transient, ms. *proposal*
VALVE_RISE_MS = 0.5
VALVE_TAPER_MS = 20.0
#: A2/P2 chirps end with a half-cosine taper over their last 15 ms, ms; the
#: rise and decay are S2_RISE_MS and S2_DECAY_MS above [Xu2000]. *proposal*
S2_TAPER_MS = 15.0

# --- Listening chain: chest wall, sites, chest pieces, speakers ---------------
#: Chest-wall transmission per source kind: (order, corner Hz) of a Butterworth
#: low-pass, i.e. above the corner -6 dB/octave per order. As commonly
#: taught, above 100 Hz roughly -12 dB/octave for M1 and -6 dB/octave for A2.
#: The heard spectra to check against: S1 falls about -6.5 dB/octave
#: at the apex; A2 -6 dB/octave to 80 Hz, then flat to 140 Hz; P2 -3.5
#: dB/octave [Sakai1971]; S2 peaks in the 10-80, 80-220 and 220-400 Hz bands
#: [Yoganathan1976]. M1 and T1 take the 1st-order wall, not that
#: -12 dB/octave: with the 2nd order the heard S1 fell 9 dB/octave from 100 to
#: 200 Hz and 33 above, far steeper than Sakai's measured -6.5 and the
#: calibration recordings (its centroid 52 Hz against their 96). The low
#: sounds (S3, S4, rumble) keep the 2nd order; P2, the click and the murmurs
#: go the way of A2: *proposal* for all but A2.
CHEST_WALL = {
    "M1": (1, 100.0),
    "T1": (1, 100.0),
    "S3": (2, 100.0),
    "S4": (2, 100.0),
    "rumble": (2, 100.0),
    "A2": (1, 100.0),
    "P2": (1, 100.0),
    "click": (1, 100.0),
    "murmur": (1, 100.0),
}
#: Gain of each source kind at each listening site relative to the apex, dB
#: (*proposal* after the commonly taught areas): MR loudest at the apex, radiating
#: to the left axilla, softer at the base; T1 loudest at the left lower
#: sternal border; A2 loudest at the base; P2 heard mainly at the left upper
#: sternal border (there P2 = 0.7 A2, within the 0.5-0.8 at the base, so
#: the split is heard best there); S3, S4 and the rumble at the apex. The
#: sites are the Case's ``site`` choices (tests/test_listening.py checks).
SITE_GAIN_DB = {
    "M1": {"apex": 0.0, "axilla": -6.0, "llsb": -3.0, "lusb": -8.0, "rusb": -8.0},
    "T1": {"apex": 0.0, "axilla": -8.0, "llsb": 4.0, "lusb": 0.0, "rusb": -2.0},
    "A2": {"apex": 0.0, "axilla": -6.0, "llsb": 2.0, "lusb": 4.0, "rusb": 4.0},
    "P2": {"apex": 0.0, "axilla": -8.0, "llsb": 4.0, "lusb": 7.0, "rusb": -2.0},
    "S3": {"apex": 0.0, "axilla": -6.0, "llsb": -6.0, "lusb": -12.0, "rusb": -14.0},
    "S4": {"apex": 0.0, "axilla": -6.0, "llsb": -6.0, "lusb": -12.0, "rusb": -14.0},
    "click": {"apex": 0.0, "axilla": -6.0, "llsb": -4.0, "lusb": -8.0, "rusb": -10.0},
    "murmur": {"apex": 0.0, "axilla": -3.0, "llsb": -6.0, "lusb": -9.0, "rusb": -12.0},
    "rumble": {"apex": 0.0, "axilla": -6.0, "llsb": -8.0, "lusb": -14.0, "rusb": -16.0},
    "background": {"apex": 0.0, "axilla": 0.0, "llsb": 0.0, "lusb": 0.0, "rusb": 0.0},
}
#: Chest pieces as Butterworth sections: (kind, order, corner Hz) each.
#: Bell (light pressure) passes about 20-200 Hz: S3, S4, rumbles. Diaphragm
#: (firm pressure) attenuates below 100-200 Hz: the MR murmur and the S2
#: split stand out. (Commonly taught; corners are *proposal*.)
#: Documented responses (tested with ``freqz_sos``): bell -1.0 dB at 40 Hz,
#: -3.0 dB at 200 Hz, -12.3 dB at 400 Hz, -24.1 dB at 800 Hz; diaphragm
#: -23.0 dB at 40 Hz, -12.3 dB at 75 Hz, -3.0 dB at 150 Hz, -0.3 dB at 300 Hz.
CHEST_PIECE = {
    "none": (),
    "bell": (("highpass", 1, 20.0), ("lowpass", 2, 200.0)),
    "diaphragm": (("highpass", 2, 150.0),),
}
#: Model of a laptop speaker, for measuring speaker mode: (kind, order,
#: corner Hz) of a Butterworth high-pass (issue 5: small speakers reproduce
#: little below 150-200 Hz, where most S1/S2 energy lies). *proposal*
LAPTOP_SPEAKER = ("highpass", 4, 250.0)
#: Speaker mode: content below the crossover (Hz) moves up by the shift (Hz),
#: single-sideband; [Aumann2019] move below 50 Hz up to about 200 Hz.
#: Chosen by measurement (moderate MR, grade 3, through LAPTOP_SPEAKER;
#: tests/test_listening.py repeats it): faithful through headphones S1 is
#: -2.8 dB re the murmur; faithful through the laptop speaker -32.2 dB (S1
#: loses 29 dB more than the murmur); shifted by 200 Hz with no extra gain
#: -4.0 dB (1.2 dB from faithful; S2 also within 1.2 dB). A 150 Hz shift lost
#: 6.1 dB, 250 Hz kept S1 but pushed it near the murmur's band.
LAPTOP_CROSSOVER_HZ = 150.0
LAPTOP_SHIFT_HZ = 200.0
#: Steepness of the crossover: the low band's weight is
#: 1 / (1 + (f / LAPTOP_CROSSOVER_HZ) ** LAPTOP_CROSSOVER_POWER) (an 8th
#: power: the power response of a 4th-order Butterworth low-pass). *proposal*
LAPTOP_CROSSOVER_POWER = 8
#: Gain of the shifted band, dB (+6 dB overshot S1 by 3.4 dB). *proposal*
LAPTOP_SHIFT_GAIN_DB = 0.0

# --- Background: recording conditions -------------------------------------
#: The noise floor of a chest as recorded, per ``Case.background``. Measured on
#: the calibration set ([Oliveira2022], 32 recordings, by benchmarks/realism.py):
#: the diastolic floor sits 11 dB below S1 (median of recordings; IQR 9-13 dB),
#: it is never steady (50 ms frame power: 10th percentile 3 dB below its
#: median, 90th 6 dB above, 99th 12.6 dB above; 2-4 % of frames are bursts
#: more than 10 dB up) and its spectrum falls about 4.5 dB/octave from 35 to
#: 350 Hz, holds a shelf from 350 Hz to 1 kHz and drops above it.
#:
#: Per mode: ``floor_db``, the RMS of the steady floor (body, breath, hiss;
#: no bursts) relative to the S1/S2 reference RMS; ``breath_share``, breath
#: sounds' share of that power over a breath; ``wander_db``, SD of the
#: floor's slow level changes (stethoscope pressure, muscle tone) from one
#: second to the next; ``bursts_per_s`` and ``burst_db`` (low, high), the
#: rate of contact, friction and movement bursts and their peak level above
#: the steady floor's RMS (uniform in dB); ``voice_db``, ward voices heard
#: through the tubing relative to the floor (None: none).
#: ``clinic`` is calibrated to the calibration set: its floor 12 dB below S1
#: (between its normal and grade II medians, which keeps every grade's
#: systole inside the real range), its spectrum within 0.5 dB RMS over the
#: nine bands of benchmarks/realism.py, its frame statistics and bursts.
#: ``quiet`` is a good recording in a quiet room, 8 dB cleaner with rare
#: bursts (a grade 1 murmur stays audible); ``noisy`` a busy ward, 4 dB
#: louder than clinic, with voices. ``quiet`` and ``noisy`` are *proposal*.
BACKGROUND: dict[str, BackgroundMode | None] = {
    "none": None,
    "quiet": {
        "floor_db": -21.7,
        "breath_share": 0.15,
        "wander_db": 1.5,
        "bursts_per_s": 0.05,
        "burst_db": (4.0, 10.0),
        "voice_db": None,
    },
    "clinic": {
        "floor_db": -12.8,
        "breath_share": 0.15,
        "wander_db": 3.0,
        "bursts_per_s": 1.0,
        "burst_db": (6.0, 18.0),
        "voice_db": None,
    },
    "noisy": {
        "floor_db": -9.7,
        "breath_share": 0.15,
        "wander_db": 3.0,
        "bursts_per_s": 1.0,
        "burst_db": (5.0, 18.0),
        "voice_db": -4.0,
    },
}
#: Body rumble (muscle sound, skin and chest-piece movement, stethoscope
#: self-noise below the shelf): power density falling this many dB/octave
#: above ``BODY_KNEE_HZ``, matching the calibration floor from 35 to 350 Hz;
#: muscle sound lies at 5-100 Hz [Orizio1993].
BODY_SLOPE_DB_OCT = -5.5
BODY_KNEE_HZ = 30.0
#: High-pass (2nd order) of every floor component, Hz: below it the chest
#: piece passes little and the calibration set says nothing (20 Hz filter).
FLOOR_HIGHPASS_HZ = 15.0
#: The shelf of the calibration floor: a flat density from ``SHELF_BAND_HZ``
#: (2nd-order edge below, 4th-order above) this many dB below the body
#: rumble's density at ``BODY_KNEE_HZ`` (stethoscope and skin hiss).
SHELF_BAND_HZ = (250.0, 1100.0)
SHELF_DB = -20.0
#: Vesicular breath sounds at the chest wall: flat up to ``BREATH_KNEE_HZ``,
#: falling 13 dB/octave above it (inspiration -12.7 to -15.2 dB/oct, Fmax
#: 736-999 Hz [Gavriely1995]); below ``BREATH_HIGHPASS_HZ`` they are hidden
#: under muscle sound.
BREATH_KNEE_HZ = 150.0
BREATH_SLOPE_DB_OCT = -13.0
BREATH_HIGHPASS_HZ = 75.0
#: Breath-sound amplitude follows airflow: power grows as flow^1.66
#: [Gavriely1996], so amplitude as flow^0.83; at equal flow inspiration is
#: about 2.2 times louder than expiration (1.99-2.43, [Gavriely1996]).
BREATH_FLOW_EXPONENT = 0.83
BREATH_INSPIRATION_POWER_RATIO = 2.2
#: Expiratory flow peaks early and decays (passive recoil): flow ~ x e^(1-x/tau)
#: with x the fraction of expiration, tau this fraction. *proposal*
BREATH_EXPIRATION_TAU = 0.15
#: Contact, friction and movement bursts: length log-normal (median, log SD),
#: clipped (s), raised-cosine attack; a share of them are low thumps
#: (movement, tubing knocks) rather than broadband friction. *proposal* fitted
#: to the calibration set's burst fraction and its 99th-percentile frames.
BURST_MEDIAN_S = 0.06
BURST_LOG_SD = 0.6
BURST_LENGTH_S = (0.015, 0.4)
BURST_ATTACK_S = 0.004
BURST_THUMP_SHARE = 0.3
#: Friction bursts: broadband, density -3 dB/octave above 50 Hz, low-pass at
#: 1.5 kHz (4th order); thumps: 20-80 Hz. *proposal*
FRICTION_SLOPE_DB_OCT = -3.0
FRICTION_BAND_HZ = (50.0, 1500.0)
THUMP_BAND_HZ = (20.0, 80.0)
#: Voices through the stethoscope tubing: the low speech band (200-700 Hz)
#: with syllabic modulation at 3-6 Hz [Houtgast1985]. *proposal*
VOICE_BAND_HZ = (200.0, 700.0)
VOICE_SYLLABLE_HZ = (3.0, 6.0)

# --- Level --------------------------------------------------------------------
#: Peak ceiling, dBFS: never clip, for hearing safety (students wear
#: headphones). *proposal*
PEAK_CEILING_DBFS = -1.0
#: Fade in and out, ms (at least 20 ms, so no edge clicks). *proposal*
FADE_MS = 25.0
#: One fixed calibration, source units -> full scale, for every case (never a
#: per-case normalisation, so Levine grades stay audible as level steps).
#: Chosen so that the loudest case (severe MR, grade 6, any quality, on the
#: noisy ward with its bursts: measured -2.8 dBFS peak over a minute) stays
#: below the limiter's knee; a normal S1 then peaks near -13 dBFS and the
#: presets play at about -34 dBFS RMS. *proposal*
MASTER_GAIN = 0.42
#: The limiter is linear below this level (dBFS) and bends smoothly to the
#: ceiling above it.
LIMITER_KNEE_DBFS = -2.0

# --- Circulation model (murmur.physio.circulation) ----------------------------------
# A closed-loop 0-D model in mL, mmHg and s [Circulation]: LV -(aortic
# valve, Zc)-> C_sa -R_sys-> C_sv -(tricuspid)-> RV -(pulmonary valve)-> C_pa
# -R_pul-> C_pv -R_pv,la-> LA -(mitral valve)-> LV, with the regurgitant
# orifice LV <-> LA in parallel with the mitral valve.
#: LV time-varying elastance: Emax, Emin (mmHg/mL), V0 (mL) [CVSim],
#: [Regazzoni2022], [Simaan2009].
LV_EMAX_MMHG_ML = 2.5
LV_EMIN_MMHG_ML = 0.07
LV_V0_ML = 5.0
#: Double-Hill activation [Stergiopulos1996]: exponents n1, n2 and time
#: constants tau1, tau2 as fractions of Tmax; normalised to peak 1. n2 raised
#: from 21.9 to 30 for an IVRT of about 70 ms [Circulation].
HILL_N = (1.32, 30.0)
HILL_TAU_FRACTION = (0.55, 1.17)
#: Time to peak elastance Tmax = fraction x (QS2_Weissler(HR) - EMD): 0.32 s at
#: 75 bpm [Circulation], [Weissler1968].
TMAX_QS2_FRACTION = 0.95
#: Electromechanical delay, ECG Q to activation onset: EMD = a - b (HR - 75) ms;
#: gives Weissler's PEP slope [Circulation], [Weissler1968].
EMD_MS = (50.0, 0.4)
#: LA elastance: Emin, active E (mmHg/mL), V0 (mL) [Regazzoni2022].
LA_EMIN_MMHG_ML = 0.25
LA_EACT_MMHG_ML = 0.10
LA_V0_ML = 4.0
#: LA contraction: starts P + 60 ms, raised cosine 100 ms up and 100 ms down;
#: PR 160 ms, so it peaks at the ECG Q [Circulation].
PR_MS = 160.0
LA_ONSET_AFTER_P_MS = 60.0
LA_RISE_MS = 100.0
LA_FALL_MS = 100.0
#: RV elastance: Emax, Emin (mmHg/mL), V0 (mL); same activation as the LV
#: [Regazzoni2022].
RV_EMAX_MMHG_ML = 0.55
RV_EMIN_MMHG_ML = 0.05
RV_V0_ML = 10.0
#: Open resistance of the four ideal-diode valves, mmHg s/mL [Simaan2009].
VALVE_R_OPEN = 0.005
#: Systemic three-element Windkessel [Stergiopulos1996]: characteristic
#: impedance Zc (mmHg s/mL), arterial compliance C_sa (mL/mmHg), peripheral
#: resistance R_sys (mmHg s/mL), venous compliance C_sv (mL/mmHg).
SYS_ZC = 0.04
SYS_C_SA = 1.4
SYS_R = 1.0
SYS_C_SV = 100.0
#: Pulmonary circulation: C_pa (mL/mmHg), R_pul (mmHg s/mL), C_pv (mL/mmHg),
#: R_pv,la (mmHg s/mL) [Circulation] (R_pul 0.07 would bring PA mean nearer 17).
PUL_C_PA = 4.0
PUL_R = 0.10
PUL_C_PV = 12.0
PUL_R_PV_LA = 0.03
#: Start state: V_LV, V_LA, V_RV (mL); P_sa, P_sv, P_pa, P_pv (mmHg), read with
#: the normal compliances; it fixes the blood volume [Circulation].
START_VOLUMES_ML = (120.0, 60.0, 130.0)
START_PRESSURES_MMHG = (90.0, 6.0, 15.0, 9.0)
#: Chronic compensated severe MR: a dilated, compliant LV and LA and more blood
#: (+100 mL) [Circulation].
CHRONIC_LV = {"emax": 2.0, "emin": 0.05, "v0": 35.0}
CHRONIC_LA = {"emin": 0.12, "v0": 20.0}
CHRONIC_EXTRA_VOLUME_ML = 100.0
#: Acute severe MR: a small stiff LA, a stiffer pulmonary-venous bed and the
#: same blood volume, for the giant v wave (clinically 40-60 mmHg) and the
#: falling forward output [Circulation].
ACUTE_LA = {"emin": 0.6, "v0": 35.0}
ACUTE_R_PV_LA = 0.05
ACUTE_C_PV = 4.0
#: Regurgitant orifice: Q (mL/s) = ORIFICE_K x EROA (cm^2) x sqrt(dP (mmHg))
#: (Bernoulli with rho 1060 kg/m^3; EROA is already the effective area),
#: regularised as dP / sqrt(|dP| + ORIFICE_EPS_MMHG) for explicit
#: integration; jet velocity v (m/s) = JET_K x sqrt(dP) [Circulation].
ORIFICE_K = 50.16
ORIFICE_EPS_MMHG = 0.5
JET_K = 0.5016
#: The jet's sound ([Circulation]): amplitude ~ Q^0.5 v^1.5 (wall
#: pressure fluctuations scale with dynamic pressure, integrated over the
#: turbulent region), relative to a jet of 100 mL/s at 5 m/s; spectral peak
#: St v / d with St about 0.3 (440 Hz at EROA 0.1, 170 Hz at 0.6)
#: [Circulation]. Handgrip raises afterload: R_sys x 1.3 *proposal* (isometric
#: handgrip raises mean arterial pressure by 15-30 %).
MR_FLOW_EXPONENT = 0.5
MR_VELOCITY_EXPONENT = 1.5
JET_REF_FLOW_ML_S = 100.0
JET_REF_VELOCITY_M_S = 5.0
JET_STROUHAL = 0.3
HANDGRIP_AFTERLOAD = 1.3
#: The physiological timeline: the jet's noise band spans this many octaves
#: around its centre frequency ("a broad band of about 1-1.5 octaves",
#: [Circulation]); the jet's envelope runs on this long past mitral
#: opening (ms) so its end is not cut; S3 is looked for this long after
#: mitral opening (the E wave's deceleration, 120-180 ms after A2)
#: [Circulation].
JET_BAND_OCT = 1.2
#: In AF each beat is the circulation model's steady state at the rate of its
#: preceding RR, rounded to a multiple of this many bpm (the rounding moves
#: the systolic intervals by at most 4 ms, QS2 changing 2.1 ms per bpm: well
#: inside AF's beat-to-beat spread). *proposal*
AF_RATE_STEP_BPM = 4.0
#: The jet's centre frequency is rounded to this many steps per octave, so that
#: one patient's beats, whose rates differ by a few bpm (a change of the centre
#: under 2 %), share a band and one noise table; a step (12 %) is a tenth of
#: the band's width. *proposal*
JET_BAND_GRID_PER_OCT = 6
JET_TAIL_MS = 20.0
S3_SEARCH_MS = 250.0
#: Mitral closure M1 is the first time LV - LA exceeds this on the upstroke:
#: the ideal diode closes too early, on atrial relaxation [Circulation].
M1_THRESHOLD_MMHG = 5.0
#: The model advances A2 far too much in MR; clinically the rate-corrected QS2
#: is about 30 ms short in chronic and 70 ms short in acute MR, so A2 is
#: clamped to no earlier than the same heart's A2 without MR (the model's
#: normal beat at that rate, within 3 ms of Q + QS2_Weissler(HR)) minus this
#: [Circulation].
A2_MAX_ADVANCE_MS = {"chronic": 30.0, "acute": 70.0}
#: Periodic steady state: beats are run until the state at the ECG Q changes by
#: less than this (mL or mmHg) from one beat to the next, at most
#: STEADY_MAX_BEATS beats. *proposal* (the spec: EDV within 0.1 mL).
STEADY_TOLERANCE = 0.1
#: Integration step of the circulation model, ms: fixed-step RK4. 1 ms is the
#: step of the parameter set's checks [Circulation]; 2 ms, measured on normal and MR
#: hearts at 72-130 bpm (chronic and acute), moves pressures by under
#: 0.06 mmHg, RF by under 1e-4 and valve events by under 0.1 ms from 1 ms
#: (and 1 ms from 0.5 ms by less), at half the cost. Traces are interpolated
#: to 1 ms.
HEMO_STEP_MS = 2.0
STEADY_MAX_BEATS = 200
#: EROA of a case's MR by its severity, cm^2, each well inside its ASE class
#: [Zoghbi2017]; acute MR has the EROA of its severity. The presets: normal 0,
#: mr-mild 0.1, mr-moderate 0.25, mr-severe 0.45 (chronic), mr-acute 0.45
#: (acute). *proposal*
MR_EROA_CM2 = {"mild": 0.10, "moderate": 0.25, "severe": 0.45}
#: Heart rates the circulation model covers, bpm: Weissler's regressions
#: [Weissler1968] and the model's checks span 50-130 bpm; beyond this range the
#: EMD and Tmax rules leave their data. *proposal*
HEMO_HR_RANGE_BPM = (40.0, 150.0)
#: Resting references shown beside the model's numbers [Circulation]
#: (single targets such as 120/80 mmHg as the +-10 mmHg bands of issue 11).
REST_RANGES = {
    "lv_systolic_mmhg": (110.0, 130.0),
    "lv_end_diastolic_mmhg": (8.0, 12.0),
    "aortic_systolic_mmhg": (110.0, 130.0),
    "aortic_diastolic_mmhg": (70.0, 90.0),
    "la_mean_mmhg": (8.0, 12.0),
    "la_v_wave_mmhg": (12.0, 15.0),
    "ejection_fraction": (0.55, 0.65),
    "forward_cardiac_output_l_min": (5.0, 5.5),
}
#: ASE / ACC-AHA classes of primary MR [Zoghbi2017]: the lower bounds of
#: moderate and severe for EROA (cm^2), regurgitant volume (mL) and
#: regurgitant fraction.
MR_CLASS_EROA_CM2 = (0.20, 0.40)
MR_CLASS_RVOL_ML = (30.0, 60.0)
MR_CLASS_RF = (0.30, 0.50)

# --- Quiz case bank (murmur.teach.quiz) ----------------------------------------------
#: Levine grades a quiz round draws for each kind of murmur, inclusive. Murmur
#: loudness follows regurgitant severity only loosely: grade <= 2 is mostly
#: mild MR and grade >= 4 mostly severe (Desjardins VA, Enriquez-Sarano M,
#: Tajik AJ, Bailey KR, Seward JB. Intensity of murmurs correlates with
#: severity of valvular regurgitation. Am J Med 100:149-156, 1996), so each
#: severity overlaps its neighbours by one grade. Acute severe MR is often soft
#: and short, the LV and LA pressures equalising early (Stout KK, Verrier ED.
#: Acute valvular regurgitation. Circulation 119:3232-3241, 2009); an MVP
#: murmur is soft [Topilsky2012]. *proposal* (grade 6, heard with the
#: stethoscope off the chest, is left out as too rare to teach with).
QUIZ_GRADES = {"mild": (1, 2), "moderate": (2, 3), "severe": (3, 5), "acute": (2, 3), "mvp": (1, 3)}
#: Heart rates a quiz round draws, bpm, by rhythm: sinus at rest 60-90 (inside
#: the 60-100 bpm normal range); acute severe MR with the tachycardia of a low
#: forward output, 95-120 (Stout & Verrier 2009); atrial fibrillation under
#: lenient rate control, resting rate below 110 (Van Gelder IC et al. Lenient
#: versus strict rate control in patients with atrial fibrillation. N Engl J
#: Med 362:1363-1373, 2010), 75-110. *proposal*
QUIZ_RATE_BPM = {"sinus": (60.0, 90.0), "acute": (95.0, 120.0), "af": (75.0, 110.0)}

# --- ECG of the Wiggers diagram (murmur.physio.ecg) --------------------------------
#: A Gaussian-sum P-QRS-T template in the manner of [McSharry2003], with the
#: standard adult intervals: PR 160 ms (``PR_MS``, the model's own), QRS
#: 80-100 ms, QT = ECG_QT_COEFF x sqrt(RR in s) s [Bazett1920]. Each wave is
#: (centre ms, sigma ms, amplitude mV); the QRS sits on the model's time
#: origin (R peak at 0), the P wave centre is Q - PR + 40 ms, and the T wave
#: is placed so that it ends QT after the QRS onset. The amplitudes are those
#: of a typical lead II: P 0.15, Q -0.1, R 1.0, S -0.25, T 0.3 mV.
ECG_P_AFTER_PR_START_MS = 40.0
ECG_P = (20.0, 0.15)  # sigma ms, amplitude mV (centre from the PR)
ECG_QRS = ((-25.0, 9.0, -0.10), (0.0, 10.0, 1.0), (26.0, 10.0, -0.25))
ECG_T = (45.0, 0.30)  # sigma ms, amplitude mV (centre from the QT)
ECG_QT_COEFF = 0.41
#: Where a wave begins or ends: it first or last leaves the baseline by this
#: much, mV (under half a small box of paper ECG, 0.05 mV). *proposal*
ECG_EDGE_MV = 0.02

#: The LV-LA pressure shape of a pressure-shaped murmur when a span does not
#: give its patient's: (LV peak as a fraction of systole, LV end-systolic
#: mmHg, LA v wave mmHg), the middles of ``MR_LV_PEAK_FRACTION``,
#: ``MR_LV_END_SYSTOLIC_MMHG`` and a mild ``MR_LA_V_WAVE_MMHG``.
PRESSURE_SHAPE_DEFAULT = (0.4, 100.0, 15.0)

#: Where each finding's murmur is heard, dB against the apex, over the five
#: sites (``murmur.finding.site_table``). MR: loudest at the apex, radiating
#: to the left axilla, softer at the base (the "murmur" row of
#: ``SITE_GAIN_DB``, *proposal* after the radiation described in clinical
#: texts). MVP's is a mitral leak's, as MR's. Severe MR's diastolic rumble is
#: an apical sound (the "rumble" row).
MR_RADIATION_DB = dict(SITE_GAIN_DB["murmur"])
MVP_RADIATION_DB = dict(MR_RADIATION_DB)
RUMBLE_RADIATION_DB = dict(SITE_GAIN_DB["rumble"])
