/**
 * The employer tables of the national employment system (全国高校毕业生就业管理系统 公共代码):
 * 单位性质, 单位行业 (sections of GB/T 4754-2017 with the system's two-digit codes) and
 * 工作职位类别. Two-digit codes as the national upload template expects them.
 */
import type { CodeTable } from './types.js'

export const unitNatureTable: CodeTable = {
  id: 'unitNature',
  name: '单位性质',
  source: '全国高校毕业生就业管理系统 公共代码：单位性质',
  version: '2023',
  entries: [
    { code: '10', name: '机关' },
    { code: '21', name: '科研设计单位' },
    { code: '22', name: '高等教育单位' },
    { code: '23', name: '中初教育单位' },
    { code: '24', name: '医疗卫生单位' },
    { code: '29', name: '其他事业单位' },
    { code: '31', name: '国有企业' },
    { code: '32', name: '三资企业' },
    { code: '39', name: '其他企业' },
    { code: '40', name: '部队' },
    { code: '55', name: '农村建制村' },
    { code: '56', name: '城镇社区' },
  ],
}

export const unitIndustryTable: CodeTable = {
  id: 'unitIndustry',
  name: '单位行业',
  source: '全国高校毕业生就业管理系统 公共代码：单位行业（按 GB/T 4754-2017 门类）',
  version: '2023',
  entries: [
    { code: '11', name: '农、林、牧、渔业' },
    { code: '21', name: '采矿业' },
    { code: '22', name: '制造业' },
    { code: '23', name: '电力、热力、燃气及水生产和供应业' },
    { code: '24', name: '建筑业' },
    { code: '31', name: '批发和零售业' },
    { code: '32', name: '交通运输、仓储和邮政业' },
    { code: '33', name: '住宿和餐饮业' },
    { code: '34', name: '信息传输、软件和信息技术服务业' },
    { code: '35', name: '金融业' },
    { code: '36', name: '房地产业' },
    { code: '37', name: '租赁和商务服务业' },
    { code: '38', name: '科学研究和技术服务业' },
    { code: '39', name: '水利、环境和公共设施管理业' },
    { code: '40', name: '居民服务、修理和其他服务业' },
    { code: '41', name: '教育' },
    { code: '42', name: '卫生和社会工作' },
    { code: '43', name: '文化、体育和娱乐业' },
    { code: '44', name: '公共管理、社会保障和社会组织' },
    { code: '45', name: '国际组织' },
    { code: '80', name: '军队' },
  ],
}

export const jobCategoryTable: CodeTable = {
  id: 'jobCategory',
  name: '工作职位类别',
  source: '全国高校毕业生就业管理系统 公共代码：工作职位类别',
  version: '2023',
  entries: [
    { code: '10', name: '公务员' },
    { code: '11', name: '科学研究人员' },
    { code: '13', name: '工程技术人员' },
    { code: '17', name: '农林牧渔业技术人员' },
    { code: '19', name: '卫生专业技术人员' },
    { code: '21', name: '经济业务人员' },
    { code: '22', name: '金融业务人员' },
    { code: '23', name: '法律专业人员' },
    { code: '24', name: '教学人员' },
    { code: '25', name: '文学艺术工作人员' },
    { code: '26', name: '体育工作人员' },
    { code: '27', name: '新闻出版和文化工作人员' },
    { code: '29', name: '其他专业技术人员' },
    { code: '30', name: '办事人员和有关人员' },
    { code: '40', name: '商业和服务业人员' },
    { code: '60', name: '生产和运输设备操作人员' },
    { code: '80', name: '军人' },
    { code: '90', name: '其他人员' },
  ],
}
