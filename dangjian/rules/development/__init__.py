"""The rules of 发展党员 (细则, 2026 revision): stages, the 25 steps, checks and due dates.

Pure, like the rest of ``dangjian.rules``: the next layer's services look a transition up in
``process``, run the checks it names and store the verdicts; selectors list ``deadlines``.

- ``process``: stages, the 25 steps, the transition table (who, which checks, which deadline).
- ``applicants``: DEV-1 age, DEV-2 talk, DEV-3 designation, DEV-4 contact persons, DEV-5
  assessments.
- ``designation``: DEV-7 one year, opinions and consent; DEV-20 public notice in working days.
- ``candidates``: DEV-8 sponsors (with DISC-1), DEV-9/DEV-23 political review, DEV-10
  training, DEV-11 leaving soon.
- ``voting``: DEV-12/DEV-13/DEV-18 quorum and vote, DEV-16 who votes.
- ``admission``: DEV-21 meeting after pre-review, DEV-14/DEV-25 approval, DEV-15 probation,
  DEV-22 oath.
- ``probation``: DEV-17 extension and confirmation meeting, DEV-18 approval, DEV-19 date.
- ``forms``: DEV-30 入党志愿书 numbers.
- ``deadlines``: the due date of every deadline a transition starts.

Every check returns a ``dangjian.rules.verdicts.Verdict``.
"""
