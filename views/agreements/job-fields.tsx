/**
 * 岗位信息 and 户档信息 of an agreement (seed 004 §2.3 (1) 签约邀请函, §2.5 线下签约): the same
 * fields (`job_category` …, `archiveTransfer`, `hukouTransfer`) on the employer's invitation, the
 * graduate's own agreement and the school's 修改.
 */
import { jobCategoryTable } from '../../src/domain/codes/employment.js'
import { SelectField, TextField, type Errors } from '../components/form-fields.js'

const TRANSFER_CHOICES: Array<[string, string]> = [
  ['签约单位接收', '签约单位接收'],
  ['托管单位接收', '托管单位接收'],
  ['不接收', '不接收'],
]

export function JobFields({
  values: v,
  errors: e = {},
  transfer = true,
}: {
  values: Record<string, string | undefined>
  errors?: Errors
  /** With the 户档信息 (档案, 户口) section. */
  transfer?: boolean
}) {
  return (
    <>
      <h2>岗位信息</h2>
      <SelectField
        id="job_category"
        label="拟录用职位类别"
        value={v.job_category}
        error={e.job_category}
        options={jobCategoryTable.entries.map((x): [string, string] => [x.code, x.name])}
        placeholder="请选择"
        required
      />
      <TextField
        id="job_title"
        label="拟录用职位名称（岗位名称）"
        value={v.job_title}
        error={e.job_title}
        maxlength={200}
        required
      />
      <TextField id="job_probation" label="试用期" value={v.job_probation} error={e.job_probation} maxlength={200} />
      <TextField
        id="job_salary"
        label="薪资"
        hint="如：试用期 8000 元/月，转正 10000 元/月。"
        value={v.job_salary}
        error={e.job_salary}
        maxlength={200}
      />
      <TextField id="job_penalty" label="违约金" value={v.job_penalty} error={e.job_penalty} maxlength={200} />
      <TextField
        id="job_reportDeadline"
        label="报到期限"
        value={v.job_reportDeadline}
        error={e.job_reportDeadline}
        maxlength={200}
      />
      <TextField
        id="job_reportPlace"
        label="报到地点"
        value={v.job_reportPlace}
        error={e.job_reportPlace}
        maxlength={200}
      />
      <TextField
        id="job_workPlace"
        label="实际工作地点"
        value={v.job_workPlace}
        error={e.job_workPlace}
        maxlength={200}
      />
      {transfer && (
        <>
          <h2>户档信息</h2>
          <SelectField
            id="archiveTransfer"
            label="单位是否接收档案"
            value={v.archiveTransfer}
            error={e.archiveTransfer}
            options={TRANSFER_CHOICES}
            placeholder="未填写"
          />
          <SelectField
            id="hukouTransfer"
            label="单位是否解决户口"
            value={v.hukouTransfer}
            error={e.hukouTransfer}
            options={TRANSFER_CHOICES}
            placeholder="未填写"
          />
        </>
      )}
    </>
  )
}
