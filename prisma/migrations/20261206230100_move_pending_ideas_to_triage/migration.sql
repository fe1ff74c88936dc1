-- Ideas nobody has decided on yet leave the open work: they wait in triage until a person accepts them.
UPDATE "Item" i SET "status" = 'triage', "publicStatus" = 'under_review'
FROM "Submission" s
WHERE s."itemId" = i."id" AND s."state" = 'pending' AND i."status" = 'open';
